/** `so-soap/runtime`: what generated code and advanced users import. */
export type * from './descriptor.js';
export type * from './call-types.js';
export * from './errors.js';
