/**
 * The six Services88 WSDLs of ../shared/wsdl: each generates into its own directory, and all six
 * outputs compile in a user's project (one tsc run: List.wsdl alone is 1 MB and 305 operations)
 * with `tsc --strict --noEmit --module nodenext --moduleResolution nodenext --target es2022`, no
 * skipLibCheck, no @types, `so-soap` resolved through a node_modules symlink to this repository.
 * The committed src/generated/chat and src/generated/soprincipal are the goldens of Chat and SoPrincipal.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateService, type GeneratedService } from '../../codegen/generate';
import { GENERATOR_VERSION } from '../../codegen/version';
import { ChatService } from '../../src/generated/chat/descriptor';
import { SoPrincipalService } from '../../src/generated/soprincipal/descriptor';
import { missingPackageTypes, REPO, tempProject, under } from './project';
import { describeWithWsdls, SHARED_WSDLS, WSDL_DIR } from './shared';

describeWithWsdls(`the WSDLs of ${WSDL_DIR}`, () => {
  const generated = new Map<string, GeneratedService>();
  const texts = new Map<string, string>();
  beforeAll(() => {
    for (const file of SHARED_WSDLS) {
      const text = readFileSync(join(WSDL_DIR, file), 'utf8');
      texts.set(file, text);
      generated.set(file, generateService(text, join(WSDL_DIR, file)));
    }
  });
  const gen = (file: string) => generated.get(file)!;

  it('generate, each into its own set of files', () => {
    expect(SHARED_WSDLS.map((f) => [f, gen(f).model.name, Object.keys(gen(f).files)])).toEqual(
      SHARED_WSDLS.map((f) => [f, f.replace(/^Services88-|\.wsdl$/g, ''), ['types.ts', 'descriptor.ts', 'client.ts', 'index.ts', 'model.json']]),
    );
    expect(gen('Services88-Chat.wsdl').model.operations).toHaveLength(31);
    expect(gen('Services88-List.wsdl').model.operations).toHaveLength(305);
  });

  it('all compile with tsc --strict in a user project (ESM, and Chat and SoPrincipal also as CommonJS)', async () => {
    const missing = missingPackageTypes();
    if (missing.length > 0) throw new Error(`run \`npm run build\` first: missing ${missing.join(', ')}`);
    const project = tempProject('wsdls');
    try {
      for (const file of SHARED_WSDLS) project.write(under(`out/${file.replace(/\.wsdl$/, '')}`, gen(file).files));
      project.write({
        'cjs/package.json': '{ "type": "commonjs" }\n',
        ...under('cjs/chat', gen('Services88-Chat.wsdl').files),
        ...under('cjs/soprincipal', gen('Services88-SoPrincipal.wsdl').files),
        'use.ts': [
          "import { ChatService, ChatMessageType, encodeGetChatMessages, type ChatClient, type ChatMessage } from './out/Services88-Chat/index.js';",
          "import { SoPrincipalService } from './out/Services88-SoPrincipal/index.js';",
          'export async function lastMessage(chat: ChatClient): Promise<ChatMessage | null | undefined> {',
          '  const messages = await chat.getChatMessages({ ChatSessionId: 1, After: 0 });',
          '  return (messages ?? []).find((m) => m?.Type === ChatMessageType.ToUser);',
          '}',
          "export const names = [ChatService.name, SoPrincipalService.name, encodeGetChatMessages({ ChatSessionId: 1, After: 0 }, { ApplicationToken: 't' })];",
          '',
        ].join('\n'),
      });
      const { code, output } = await project.tsc(['out', 'cjs', 'use.ts']);
      expect(output).toBe('');
      expect(code).toBe(0);
    } finally {
      project.remove();
    }
  }, 60_000);

  it.each([
    ['Services88-Chat.wsdl', 'src/generated/chat'],
    ['Services88-SoPrincipal.wsdl', 'src/generated/soprincipal'],
  ])('%s generates exactly the committed %s', (file, dir) => {
    // Inside the package the generated code imports the runtime relatively (scripts/codegen.sh).
    const inPackage = generateService(texts.get(file)!, join(WSDL_DIR, file), { runtimeModule: '../../runtime/index.js', codecModule: '../../codec.js' });
    for (const [name, content] of Object.entries(inPackage.files)) {
      expect([name, readFileSync(join(REPO, dir, name), 'utf8')]).toEqual([name, content]);
    }
  });

  it('descriptor.ts holds exactly the descriptor data (what the dynamic mode hands to the runtime)', () => {
    expect(ChatService).toEqual(gen('Services88-Chat.wsdl').data);
    expect(SoPrincipalService).toEqual(gen('Services88-SoPrincipal.wsdl').data);
  });

  it('generates identical bytes twice (determinism), whatever path the WSDL is read from', () => {
    for (const file of ['Services88-Chat.wsdl', 'Services88-List.wsdl']) {
      const again = generateService(texts.get(file)!, `./some/other/dir/${file}`);
      expect(again.files).toEqual(gen(file).files);
      expect(JSON.stringify(again.model)).toEqual(JSON.stringify(gen(file).model));
    }
  });

  it('writes the sha256 of the WSDL into every file header', () => {
    const chat = gen('Services88-Chat.wsdl');
    const sha = /sha256 ([0-9a-f]{64})/.exec(chat.files['types.ts'])![1];
    expect(sha).toBe(createHash('sha256').update(texts.get('Services88-Chat.wsdl')!).digest('hex'));
    for (const [name, content] of Object.entries(chat.files)) {
      if (name === 'model.json') expect(JSON.parse(content)).toMatchObject({ generator: `so-soap ${GENERATOR_VERSION}`, source: 'Services88-Chat.wsdl', sha256: sha });
      else expect(content.split('\n')[0]).toBe(`// Code generated by so-soap ${GENERATOR_VERSION} from Services88-Chat.wsdl (sha256 ${sha}). DO NOT EDIT.`);
    }
  });
});
