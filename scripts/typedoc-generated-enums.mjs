// TypeDoc plugin (typedoc.json "plugin"): documents the members of the generated enum constants.
//
// The generator emits each XSD enumeration as `export const X = { Member: 'Member', … } as const`
// with a JSDoc on the constant but none on its members, and TypeDoc's `notDocumented` validation
// wants one on every member. Each member stands for its wire value, so this plugin gives every
// undocumented string-literal member of a `const` object declared under `src/generated/` the
// comment "Wire value `'Member'`.". Nothing else is touched: a hand-written symbol without docs
// still fails `npx typedoc` (treatValidationWarningsAsErrors).
import { Comment, Converter, ReflectionKind } from 'typedoc';

const GENERATED = /[\\/]src[\\/]generated[\\/]/;

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    for (const member of context.project.getReflectionsByKind(ReflectionKind.Property)) {
      const literal = member.parent;
      const constant = literal?.parent;
      if (member.hasComment() || !literal?.kindOf(ReflectionKind.TypeLiteral) || !constant?.kindOf(ReflectionKind.Variable)) continue;
      if (!member.sources?.some((s) => GENERATED.test(s.fullFileName))) continue;
      if (member.type?.type !== 'literal' || typeof member.type.value !== 'string') continue;
      member.comment = new Comment([
        { kind: 'text', text: 'Wire value ' },
        { kind: 'code', text: `\`'${member.type.value}'\`` },
        { kind: 'text', text: '.' },
      ]);
    }
  });
}
