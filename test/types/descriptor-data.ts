/**
 * Type-level test (checked by `tsc -p tsconfig.json --noEmit`): the descriptor data codegen
 * produces (codegen/descriptors.ts, restated there because codegen never imports src/) is a valid
 * runtime ServiceDescriptor, and both sides know the same builtins.
 */
import type { ServiceData, TypeData } from '../../codegen/descriptors.js';
import type { BuiltinName } from '../../codegen/model/ir.js';
import type { BuiltinType, ServiceDescriptor, TypeDescriptor } from '../../src/runtime/codec/descriptor.js';

type Assert<T extends true> = T;

export type DataIsADescriptor = Assert<ServiceData extends ServiceDescriptor ? true : false>;
export type EveryTypeDataIsATypeDescriptor = Assert<TypeData extends TypeDescriptor ? true : false>;
// Codegen may emit a subset of what the runtime reads while the new descriptor contract (issue 13)
// lands in steps; once codegen knows every kind and builtin these become Equals again.
export type KnownKinds = Assert<TypeData['kind'] extends TypeDescriptor['kind'] ? true : false>;
export type KnownBuiltins = Assert<BuiltinName extends BuiltinType ? true : false>;
