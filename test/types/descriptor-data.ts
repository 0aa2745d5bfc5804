/**
 * Type-level test (checked by `tsc -p tsconfig.json --noEmit`): the descriptor data codegen
 * produces (codegen/descriptors.ts, restated there because codegen never imports src/) is a valid
 * runtime ServiceDescriptor, and both sides know the same builtins.
 */
import type { ServiceData, TypeData } from '../../codegen/descriptors.js';
import type { BuiltinName } from '../../codegen/model/ir.js';
import type { BuiltinType, ServiceDescriptor, TypeDescriptor } from '../../src/runtime/codec/descriptor.js';

type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Assert<T extends true> = T;

export type DataIsADescriptor = Assert<ServiceData extends ServiceDescriptor ? true : false>;
export type EveryTypeDataIsATypeDescriptor = Assert<TypeData extends TypeDescriptor ? true : false>;
export type SameKinds = Assert<Equals<TypeData['kind'], TypeDescriptor['kind']>>;
export type SameBuiltins = Assert<Equals<BuiltinName, BuiltinType>>;
