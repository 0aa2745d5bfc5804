/** The Chat service simulator (importable for tests and demos). */
export { startSimulator, DEV_APPLICATION_TOKEN, DEV_TICKET, DEFAULT_PATH, type Simulator, type SimulatorOptions, type SimulatorStats } from './server.js';
export { ChatState, type StateOptions, type MutationKind } from './state.js';
export { parseFaultSpec, FaultInjector, FaultSpecError, type FaultSpec } from './faults.js';
