export { type BatchReport, BatchMeter } from './batch-meter.js';
export { type BatchLoop, type BatchOutcome, runBatches } from './run-batches.js';
export { asBatchedStep, checkBatchSupport } from './batched-step.js';
