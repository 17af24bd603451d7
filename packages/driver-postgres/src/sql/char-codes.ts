/** The character codes the lexical scans of SQL text (boundaries.ts, statement-scan.ts) compare with. */
export const SEMICOLON = 0x3b;
export const QUOTE = 0x27;
export const DOUBLE_QUOTE = 0x22;
export const DOLLAR = 0x24;
export const DASH = 0x2d;
export const SLASH = 0x2f;
export const STAR = 0x2a;
export const BACKSLASH = 0x5c;
