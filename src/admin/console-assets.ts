export const CONSOLE_ASSETS: Readonly<Record<string, string>> = {};
