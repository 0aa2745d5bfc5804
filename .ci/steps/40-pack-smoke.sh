# Smoke test of the packed package: install the tarball into an empty project, then an ESM import,
# a CommonJS require (both typed) and the CLI, from the installed copy.
set -euo pipefail
repo=$(pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
tarball=$(npm pack --silent --pack-destination "$tmp" | tail -1)
cd "$tmp"
npm init -y >/dev/null
npm install --no-audit --no-fund --prefer-offline "./$tarball" >/dev/null
cat > esm.mjs <<'JS'
import { createChatClient, ChatService, SoExceptionError } from 'so-soap';
import { encodeRequest, decodeResponse } from 'so-soap/codec';
import { createClient } from 'so-soap/runtime';
const xml = encodeRequest(ChatService, 'DeleteChatSessionEntity', { ChatSessionEntityId: 5 }, { ApplicationToken: 'a', Credentials: { Ticket: 't' } });
if (!xml.includes('<ns:ChatSessionEntityId>5</ns:ChatSessionEntityId>') && !xml.includes('ChatSessionEntityId>5<')) throw new Error('bad envelope');
if (typeof createChatClient !== 'function' || typeof createClient !== 'function' || typeof decodeResponse !== 'function' || typeof SoExceptionError !== 'function') throw new Error('missing exports');
console.log('esm ok');
JS
cat > cjs.cjs <<'JS'
const { createChatClient, ChatService } = require('so-soap');
const { encodeRequest } = require('so-soap/codec');
if (typeof createChatClient !== 'function') throw new Error('missing createChatClient');
encodeRequest(ChatService, 'GetChatMessages', { ChatSessionId: 1, After: 0 }, {});
console.log('cjs ok');
JS
cat > typed.ts <<'TS'
import { createChatClient, type ChatMessage } from 'so-soap';
const chat = createChatClient({ endpoint: 'http://127.0.0.1:1/Chat.svc' });
export async function f(): Promise<(ChatMessage | null)[] | null | undefined> { return chat.getChatMessages({ ChatSessionId: 1 }); }
TS
cat > typed.cts <<'TS'
import so = require('so-soap');
export const c: so.ChatClient = so.createChatClient({ endpoint: 'http://127.0.0.1:1/Chat.svc' });
TS
node esm.mjs
node cjs.cjs
"$repo/node_modules/.bin/tsc" --strict --noEmit --module nodenext --moduleResolution nodenext --target es2022 --types node --typeRoots "$repo/node_modules/@types" typed.ts typed.cts
npx --no-install so-soap --help >/dev/null
npx --no-install so-soap envelope --wsdl "${SO_WSDL_DIR:-$repo/../shared/wsdl}/Services88-Chat.wsdl" --operation DeleteChatSessionEntity --args '{"ChatSessionEntityId":5}' | grep -q ChatSessionEntityId
echo "pack smoke: esm, cjs, types and CLI ok"
