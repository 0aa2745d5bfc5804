# Run after any `npm install` that rewrites package-lock.json: python3 scripts/lockfile-platform-entries.py package-lock.json
# Adds lockfile entries for platform-specific optional packages the registry mirror here does not
# serve (npm cannot record what it cannot fetch, and `npm ci` then refuses the lockfile).
import json, re, sys
path = sys.argv[1]
lock = json.load(open(path))
pk = lock['packages']
def platform(name):
    tail = re.sub(r'^.*?(core|binding)-', '', name)
    parts = tail.split('-')
    os_, cpu = parts[0], parts[1] if len(parts) > 1 else None
    e = {'os': [os_], 'cpu': [cpu]}
    rest = '-'.join(parts[2:])
    if os_ == 'linux':
        e['libc'] = ['musl'] if 'musl' in rest else ['glibc']
    return e
added = 0
for parent in ['node_modules/@swc/core', 'node_modules/unrs-resolver']:
    p = pk[parent]
    for dep, ver in p.get('optionalDependencies', {}).items():
        key = 'node_modules/' + dep
        if key in pk: continue
        entry = {'version': ver}
        pl = platform(dep)
        entry['cpu'] = pl['cpu']
        entry['dev'] = True
        if 'libc' in pl: entry['libc'] = pl['libc']
        entry['optional'] = True
        entry['os'] = pl['os']
        pk[key] = entry
        added += 1
lock['packages'] = dict(sorted(pk.items(), key=lambda kv: (kv[0] != '', kv[0])))
json.dump(lock, open(path, 'w'), indent=2)
open(path, 'a').write('\n')
print('added', added)
