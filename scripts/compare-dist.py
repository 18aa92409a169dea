#!/usr/bin/env python3
"""Compare two dist/ trees with hashed file names normalized."""
import os, re, sys, difflib
a, b = sys.argv[1], sys.argv[2]
norm = lambda s: re.sub(r'-[0-9a-f]{16}(_bg)?\.', r'-HASH\1.', s)
def files(root):
    out = {}
    for d, _, fs in os.walk(root):
        for f in fs:
            if f.endswith(('.wasm', '.gz', '.br')): continue
            p = os.path.relpath(os.path.join(d, f), root)
            out[norm(p)] = p
    return out
fa, fb = files(a), files(b)
for k in sorted(set(fa) | set(fb)):
    if k not in fa: print('only in new:', k); continue
    if k not in fb: print('only in old:', k); continue
    if k.endswith('.js') and 'loader' not in k and 'sw' not in k: continue  # wasm-bindgen glue, differs with the wasm
    x = norm(open(os.path.join(a, fa[k]), errors='replace').read())
    y = norm(open(os.path.join(b, fb[k]), errors='replace').read())
    if x == y: print('same:', k); continue
    sx = re.split(r'(?=<)', x); sy = re.split(r'(?=<)', y)
    print('DIFFERENT:', k)
    for l in difflib.unified_diff(sx, sy, lineterm='', n=0):
        if not l.startswith(('---', '+++', '@@')): print('   ', l[:300])
