#!/usr/bin/env python3
"""Fails when two modules under src/ import each other (directly or around a
loop): the folder tree is meant to be a one-way street (ARCHITECTURE.md).
Parent modules re-exporting their children, tests and comments do not count."""
import os, re, sys
sys.setrecursionlimit(10000)
mods={}
for d,_,fs in os.walk('src'):
    for f in fs:
        if not f.endswith('.rs'): continue
        p=os.path.join(d,f); rel=p[4:-3]
        if rel.startswith('bin/') or rel in('main','lib'): continue
        mods[rel.replace('/mod','').replace('/','::')]=open(p).read()
edges={}
for m,s in mods.items():
    i=s.find('#[cfg(test)]'); s=s if i<0 else s[:i]
    s='\n'.join(l for l in s.split('\n') if not l.strip().startswith('//'))
    refs=set()
    for r in re.findall(r'crate::((?:\w+::)*\w+)',s):
        parts=r.split('::')
        for k in range(len(parts),0,-1):
            c='::'.join(parts[:k])
            if c in mods: refs.add(c); break
    for r in re.findall(r'\bsuper::((?:\w+::)*\w+)',s):
        parent='::'.join(m.split('::')[:-1]); parts=(parent+'::'+r).strip(':').split('::')
        for k in range(len(parts),0,-1):
            c='::'.join(parts[:k])
            if c in mods and c!=m: refs.add(c); break
    edges[m]={r for r in refs if r!=m and not m.startswith(r+'::')}
idx={};low={};st=[];on=set();res=[];n=[0]
def sc(v):
    idx[v]=low[v]=n[0];n[0]+=1;st.append(v);on.add(v)
    for w in edges.get(v,()):
        if w not in idx: sc(w);low[v]=min(low[v],low[w])
        elif w in on: low[v]=min(low[v],idx[w])
    if low[v]==idx[v]:
        comp=[]
        while True:
            w=st.pop();on.discard(w);comp.append(w)
            if w==v:break
        if len(comp)>1: res.append(comp)
for v in list(edges):
    if v not in idx: sc(v)
print(f"{len(mods)} modules, import cycles: {res or 'none'}")
sys.exit(1 if res else 0)
