export { SUM_FILE, computeSum, formatSum, parseSum, compareSum } from './sum-file.js';
export type { Sum, SumEntry, SumMismatch } from './sum-file.js';
export { sumOfFolder, writeFolderSum, checkFolderSum, refreshFolderSum } from './folder-sum.js';
