import './use-postgres.ts';
import '../integration/integrity.test.ts';
