import './use-postgres.ts';
import '../integration/search.test.ts';
