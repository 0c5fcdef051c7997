#!/usr/bin/env python3
"""Static checks of the v2 blocks of the shipped scenarios (model-spec-v2 §2.4, §2.5 rules 2-4, 6-7, §8.2).

    python3 scenarios/check_v2.py [FOLDER]          (default: the folder of this script)

Standard library only: it carries its own reader for the YAML these files use (block and flow collections,
comments, folded scalars; YAML 1.2 core scalars) and cross-checks it against PyYAML when PyYAML happens to be
installed. It resolves `extends` and `set` as v1 §2 "Inheritance" says, then every strategy member (v2 §2.3),
and checks for every resolved scenario and member:

  shares     per route chain and plant chain, per quantity (energy, capex, labour, atmosphere): the sum of the
             shares' support maxima <= 1 + 1e-9 (rule 3), and the rest share (step `other`) equal to the
             "Rest" figures of v2 §8.2 for the five routes;
  inputs     every material listed in `inputs` by at most one step of a base chain, inputs and losses naming
             materials of the route (rule 4); one form per quantity and the atmosphere rules (rule 2);
  options    for every plant in scope: the potential chain (v2 §4.3) as built so far holds every step an effect
             names (`before`, `after`, `replaceStep`, `removeStep`, `process.steps.<k>.*` targets), added ids
             are new, share targets need the step to give the share, retrofit options change no structure and
             no capex (rule 6);
  bounds     rule 7: for every plant in scope, every key the options touch and every subset of the options
             touching it, the interval image keeps the key within its bounds; the pairs yield.initial <=
             yield.mature (cell, and every step of the potential chain) and floorUsdPerKg <= usdPerKg hold for
             every subset of the options touching either key.

Options are also checked against one hypothetical plant per (route, region) of the file, so that a scope that
would break as soon as a plant appears (the halide route has none in the baseline) is reported as "latent".
Exit status 1 when a real (not latent) problem is found.
"""
import copy
import glob
import itertools
import math
import os
import re
import sys

# ------------------------------------------------------------------------------------------------------------
# The "Rest" figures of v2 §8.2 (share of the route's lumped number left to the implicit step `other`).
EXPECTED_REST = {
    'sulfide':   {'energy': 0.30, 'capex': 0.10, 'labor': 0.15, 'atmosphere': 0.0},
    'oxide':     {'energy': 0.42, 'capex': 0.10, 'labor': 0.15, 'atmosphere': 0.0},
    'polymer':   {'energy': 0.30, 'capex': 0.10, 'labor': 0.10, 'atmosphere': 0.0},
    'composite': {'energy': 0.20, 'capex': 0.10, 'labor': 0.10, 'atmosphere': 0.0},
    'halide':    {'energy': 0.35, 'capex': 0.10, 'labor': 0.20, 'atmosphere': 0.0},
}
QUANTITIES = {  # quantity -> (share key, absolute keys)
    'energy': ('energyShare', ('energyKWhPerKWh', 'thermal')),
    'capex': ('capexShare', ('capexUsdPerKWhYear',)),
    'labor': ('laborShare', ('laborHoursPerKWh',)),
    'atmosphere': ('atmosphereShare', ('atmosphereUsdPerKWhYear',)),
}
SHARE_TOL = 1e-9


# ------------------------------------------------------------------------------------------------------------
# A small YAML reader (the subset the scenario files use).
class YamlError(Exception):
    pass


def _scalar(t):
    t = t.strip()
    if len(t) >= 2 and t[0] == '"' and t[-1] == '"':
        return bytes(t[1:-1], 'utf-8').decode('unicode_escape') if '\\' in t else t[1:-1]
    if len(t) >= 2 and t[0] == "'" and t[-1] == "'":
        return t[1:-1].replace("''", "'")
    if t in ('', '~', 'null', 'Null', 'NULL'):
        return None
    if t in ('true', 'True', 'TRUE'):
        return True
    if t in ('false', 'False', 'FALSE'):
        return False
    if re.fullmatch(r'[-+]?[0-9]+', t):
        return int(t)
    if re.fullmatch(r'0o[0-7]+', t):
        return int(t[2:], 8)
    if re.fullmatch(r'0x[0-9a-fA-F]+', t):
        return int(t, 16)
    if re.fullmatch(r'[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?', t):
        return float(t)
    if re.fullmatch(r'[-+]?\.(inf|Inf|INF)', t):
        return -math.inf if t[0] == '-' else math.inf
    if t in ('.nan', '.NaN', '.NAN'):
        return math.nan
    return t


def _strip_comment(line):
    quote, prev = None, ' '
    for i, ch in enumerate(line):
        if quote:
            if ch == quote:
                quote = None
        elif ch in '"\'' and prev in ' \t[{,:':
            quote = ch
        elif ch == '#' and prev in ' \t':
            return line[:i].rstrip()
        prev = ch
    return line.rstrip()


def _key_split(c):
    """'key: rest' -> (key, rest); None when c is not a mapping entry."""
    quote, depth = None, 0
    for i, ch in enumerate(c):
        if quote:
            if ch == quote:
                quote = None
            continue
        if ch in '"\'' and i == 0:
            quote = ch
        elif ch in '[{':
            if i == 0:
                return None
            depth += 1
        elif ch in ']}':
            depth -= 1
        elif ch == ':' and depth == 0 and (i + 1 == len(c) or c[i + 1] == ' '):
            return c[:i], c[i + 1:].strip()
    return None


class _Flow:
    def __init__(self, s, where):
        self.s, self.p, self.where = s, 0, where

    def _ws(self):
        while self.p < len(self.s) and self.s[self.p] in ' \t\n':
            self.p += 1

    def parse(self):
        v = self.value()
        self._ws()
        if self.p != len(self.s):
            raise YamlError(f'{self.where}: trailing text after a flow collection: {self.s[self.p:]!r}')
        return v

    def value(self):
        self._ws()
        ch = self.s[self.p]
        if ch == '{':
            return self.mapping()
        if ch == '[':
            return self.seq()
        if ch in '"\'':
            end = self.s.index(ch, self.p + 1)
            t = self.s[self.p:end + 1]
            self.p = end + 1
            return _scalar(t)
        start = self.p
        while self.p < len(self.s):
            ch = self.s[self.p]
            if ch in ',]}':
                break
            if ch == ':' and (self.p + 1 == len(self.s) or self.s[self.p + 1] in ' ,]}'):
                break
            self.p += 1
        return _scalar(self.s[start:self.p])

    def mapping(self):
        self.p += 1
        d = {}
        while True:
            self._ws()
            if self.s[self.p] == '}':
                self.p += 1
                return d
            k = self.value()
            self._ws()
            if self.s[self.p] != ':':
                raise YamlError(f'{self.where}: ":" expected in a flow mapping at {self.s[self.p:]!r}')
            self.p += 1
            if k in d:
                raise YamlError(f'{self.where}: duplicate key {k!r}')
            d[k] = self.value()
            self._ws()
            if self.s[self.p] == ',':
                self.p += 1

    def seq(self):
        self.p += 1
        out = []
        while True:
            self._ws()
            if self.s[self.p] == ']':
                self.p += 1
                return out
            out.append(self.value())
            self._ws()
            if self.s[self.p] == ',':
                self.p += 1


def _balanced(t):
    depth, quote = 0, None
    for ch in t:
        if quote:
            if ch == quote:
                quote = None
        elif ch in '"\'':
            quote = ch
        elif ch in '[{':
            depth += 1
        elif ch in ']}':
            depth -= 1
    return depth == 0


class _Block:
    def __init__(self, text, name):
        self.raw, self.i, self.name = text.split('\n'), 0, name

    def where(self):
        return f'{self.name}:{self.i + 1}'

    def peek(self):
        while self.i < len(self.raw):
            c = _strip_comment(self.raw[self.i])
            if c.strip() in ('', '---'):
                self.i += 1
                continue
            return len(c) - len(c.lstrip(' ')), c.strip()
        return None

    @staticmethod
    def _is_item(c):
        return c == '-' or c.startswith('- ')

    def document(self):
        nxt = self.peek()
        if nxt is None:
            return None
        v = self.seq(nxt[0]) if self._is_item(nxt[1]) else self.mapping(nxt[0])
        if self.peek() is not None:
            raise YamlError(f'{self.where()}: unexpected indentation')
        return v

    def mapping(self, ind):
        d = {}
        while True:
            nxt = self.peek()
            if nxt is None or nxt[0] < ind or (nxt[0] == ind and self._is_item(nxt[1])):
                return d
            if nxt[0] > ind:
                raise YamlError(f'{self.where()}: unexpected indentation')
            kv = _key_split(nxt[1])
            if kv is None:
                raise YamlError(f'{self.where()}: "key: value" expected, got {nxt[1]!r}')
            self.i += 1
            k = _scalar(kv[0])
            if k in d:
                raise YamlError(f'{self.where()}: duplicate key {k!r}')
            d[k] = self.value(kv[1], ind)

    def value(self, rest, ind):
        if rest == '':
            nxt = self.peek()
            if nxt is not None and nxt[0] > ind:
                return self.seq(nxt[0]) if self._is_item(nxt[1]) else self.mapping(nxt[0])
            if nxt is not None and nxt[0] == ind and self._is_item(nxt[1]):
                return self.seq(ind)
            return None
        if rest[0] in '>|':
            return self.block_scalar(rest, ind)
        if rest[0] in '[{':
            where = self.where()
            text = rest
            while not _balanced(text):
                if self.i >= len(self.raw):
                    raise YamlError(f'{where}: unclosed flow collection')
                text += '\n' + _strip_comment(self.raw[self.i]).strip()
                self.i += 1
            return _Flow(text, where).parse()
        return _scalar(rest)

    def seq(self, ind):
        out = []
        while True:
            nxt = self.peek()
            if nxt is None or nxt[0] != ind or not self._is_item(nxt[1]):
                return out
            rest = nxt[1][1:].lstrip(' ')
            if rest == '':
                self.i += 1
                out.append(self.value('', ind))
            elif rest[0] in '[{' or _key_split(rest) is None:
                self.i += 1
                out.append(self.value(rest, ind))
            else:  # "- key: value": a mapping whose first entry sits on the dash line
                raw = self.raw[self.i]
                self.raw[self.i] = raw[:ind] + ' ' + raw[ind + 1:]
                out.append(self.mapping(ind + len(nxt[1]) - len(rest)))

    def block_scalar(self, head, ind):
        style, chomp = head[0], head[1:2]
        lines, block_ind = [], None
        while self.i < len(self.raw):
            raw = self.raw[self.i]
            if raw.strip() == '':
                lines.append('')
                self.i += 1
                continue
            ri = len(raw) - len(raw.lstrip(' '))
            if ri <= ind:
                break
            if block_ind is None:
                block_ind = ri
            lines.append(raw[block_ind:].rstrip())
            self.i += 1
        while lines and lines[-1] == '':
            lines.pop()
        if style == '|':
            text = '\n'.join(lines)
        else:
            paras, cur = [], []
            for ln in lines:
                if ln == '':
                    paras.append(' '.join(cur))
                    cur = []
                else:
                    cur.append(ln)
            paras.append(' '.join(cur))
            text = '\n'.join(paras)
        return text if chomp == '-' else text + '\n'


def load_yaml(path):
    with open(path, encoding='utf-8') as f:
        return _Block(f.read(), os.path.basename(path)).document()


# ------------------------------------------------------------------------------------------------------------
# extends / set (v1 §2 "Inheritance") and strategy members (v2 §2.3)
ENTRY_KEYS = ('regions', 'routes', 'plants')


def _child(node, key, path, create=False):
    if isinstance(node, list):
        return node[int(key)]
    for k in (key, _scalar(key)):
        if k in node:
            return node[k]
    if create:
        node[key] = {}
        return node[key]
    raise KeyError(f'set path {path!r}: {key!r} does not exist')


def apply_set(doc, path, value):
    keys = path.split('.')
    if len(keys) > 3 and keys[0] == 'plants' and keys[2] == 'overrides':   # route-relative path, flat form
        plant = _child(doc['plants'], keys[1], path)
        plant.setdefault('overrides', {})['.'.join(keys[3:])] = copy.deepcopy(value)
        return
    node = doc
    for k in keys[:-1]:
        node = _child(node, k, path)
    last = keys[-1]
    if isinstance(node, list):
        node[int(last)] = copy.deepcopy(value)
    else:
        node[_scalar(last) if _scalar(last) in node else last] = copy.deepcopy(value)


def resolve(sid, files, stack=()):
    if sid in stack:
        raise ValueError(f'extends cycle: {" -> ".join(stack + (sid,))}')
    if sid not in files:
        raise ValueError(f'unknown scenario {sid!r}')
    _, d = files[sid]
    out = copy.deepcopy(resolve(d['extends'], files, stack + (sid,))) if 'extends' in d else {}
    for k, v in d.items():
        if k in ('extends', 'set'):
            continue
        if k in ENTRY_KEYS and k in out:
            for eid, e in v.items():
                out[k][eid] = copy.deepcopy(e)   # a replaced entry keeps the parent's position
        else:
            out[k] = copy.deepcopy(v)
    for path, value in (d.get('set') or {}).items():
        apply_set(out, str(path), value)
    return out


def members(doc, label, rep):
    yield 'base', doc
    for sid, s in (doc.get('strategies') or {}).items():
        m = copy.deepcopy(doc)
        try:
            for path, value in (s.get('set') or {}).items():
                apply_set(m, str(path), value)
        except (KeyError, IndexError, ValueError, TypeError) as e:
            rep.err(f'{label}[{sid}]', f'[strategy {sid}] {e}')
            continue
        yield sid, m


# ------------------------------------------------------------------------------------------------------------
# supports and interval arithmetic (v1 §2: bounded forms and truncation bounds closed; lognormal (0, inf);
# percentiles with lowerBound (L, inf))
class Iv:
    __slots__ = ('lo', 'hi', 'lc', 'hc')

    def __init__(self, lo, hi, lc=True, hc=True):
        self.lo, self.hi, self.lc, self.hc = lo, hi, lc, hc

    def __repr__(self):
        return f'{"[" if self.lc else "("}{self.lo:.6g}, {self.hi:.6g}{"]" if self.hc else ")"}'


def support(v):
    if isinstance(v, bool):
        raise ValueError(f'not a number: {v!r}')
    if isinstance(v, (int, float)):
        return Iv(v, v)
    if isinstance(v, dict):
        if 'uniform' in v:
            a, b = v['uniform']
            return Iv(a, b)
        for form in ('triangular', 'pert'):
            if form in v:
                a, _, b = v[form]
                return Iv(a, b)
        if 'normal' in v:
            lo, hi = v.get('min', -math.inf), v.get('max', math.inf)
            return Iv(lo, hi, 'min' in v, 'max' in v)
        if 'lognormal' in v:
            return Iv(0, math.inf, False, False)
        if 'discrete' in v:
            xs = [float(x) for x in v['discrete']]
            return Iv(min(xs), max(xs))
        if 'percentiles' in v:
            return Iv(v['lowerBound'], math.inf, False, False) if 'lowerBound' in v else Iv(-math.inf, math.inf, False, False)
        if 'readyBy' in v:
            ys = list(v['readyBy'])
            return Iv(min(ys), 2101 if max(v['readyBy'].values()) < 1 else max(ys))
    raise ValueError(f'not a distribution: {v!r}')


def iv_add(x, y):
    return Iv(x.lo + y.lo, x.hi + y.hi, x.lc and y.lc, x.hc and y.hc)


def iv_mul(x, y):
    cands = [(a * b, ca and cb) for a, ca in ((x.lo, x.lc), (x.hi, x.hc)) for b, cb in ((y.lo, y.lc), (y.hi, y.hc))]
    lo = min(c[0] for c in cands)
    hi = max(c[0] for c in cands)
    return Iv(lo, hi, any(c[1] for c in cands if c[0] == lo), any(c[1] for c in cands if c[0] == hi))


def apply_effect(x, eff):
    if 'multiply' in eff:
        return iv_mul(x, support(eff['multiply']))
    if 'add' in eff:
        return iv_add(x, support(eff['add']))
    return support(eff['set'])


# bounds of the keys the options touch: (lo, lo closed?, hi, hi closed?)
GE0 = (0, True, math.inf, False)
FRAC01 = (0, True, 1, True)
YIELD = (0, False, 1, True)
BOUNDS = [
    (r'yield\.(initial|mature)$', YIELD),
    (r'yield\.timeConstantYears$', GE0),
    (r'process\.steps\.[^.]+\.yield\.(initial|mature)$', YIELD),
    (r'process\.steps\.[^.]+\.yield\.timeConstantYears$', GE0),
    (r'process\.steps\.[^.]+\.(capex|energy|labor|atmosphere)Share$', FRAC01),
    (r'process\.steps\.[^.]+\.consumablesLithiumShare$', FRAC01),
    (r'process\.steps\.[^.]+\.thermal\.temperatureC$', (25, True, 2000, True)),
    (r'process\.steps\.[^.]+\.thermal\.specificHeatKJPerKgK$', (0, False, math.inf, False)),
    (r'process\.steps\.[^.]+\.thermal\.efficiency$', YIELD),
    (r'process\.steps\.[^.]+\.', GE0),
    (r'materials\.[^.]+\.lithiumShare$', FRAC01),
    (r'materials\.', GE0),
    (r'capexUsdPerKWhYear$', (0, False, math.inf, False)),
    (r'', GE0),
]
STEP_DEFAULTS = {'yield.initial': 1, 'yield.mature': 1, 'yield.timeConstantYears': 0, 'consumablesUsdPerKWh': 0,
                 'consumablesLithiumShare': 0, 'thermal.specificHeatKJPerKgK': 1.0, 'thermal.efficiency': 0.25,
                 'thermal.holdHours': 0, 'thermal.holdKWPerKg': 0}


def bounds_of(key):
    for pat, b in BOUNDS:
        if re.search(pat, key):
            return b
    return GE0


def within(iv, b):
    lo, lc, hi, hc = b
    ok_lo = iv.lo > lo or (iv.lo == lo and (lc or not iv.lc))
    ok_hi = iv.hi < hi or (iv.hi == hi and (hc or not iv.hc))
    return ok_lo and ok_hi


def bounds_text(b):
    lo, lc, hi, hc = b
    return f'{"[" if lc else "("}{lo:g}, {hi:g}{"]" if hc else ")"}'


# ------------------------------------------------------------------------------------------------------------
def get_path(node, dotted):
    for k in dotted.split('.'):
        if not isinstance(node, dict) or k not in node:
            return None
        node = node[k]
    return node


class Report:
    def __init__(self):
        self.errors, self.latent, self.info = [], [], []

    def err(self, where, msg):
        self.errors.append(f'{where}: {msg}')

    def warn_latent(self, where, msg):
        self.latent.append(f'{where}: {msg}')


STEP_KEYS = {'name', 'inputs', 'capexShare', 'capexUsdPerKWhYear', 'capexFloorUsdPerKWhYear', 'energyShare',
             'energyKWhPerKWh', 'thermal', 'laborShare', 'laborHoursPerKWh', 'atmosphere', 'atmosphereShare',
             'atmosphereUsdPerKWhYear', 'consumablesUsdPerKWh', 'consumablesLithiumShare', 'yield', 'learningRate',
             'losses', 'readyYear'}
THERMAL_KEYS = {'chargeKgPerKWh', 'temperatureC', 'holdHours', 'specificHeatKJPerKgK', 'efficiency', 'holdKWPerKg'}
OPTION_KEYS = {'name', 'description', 'routes', 'regions', 'plants', 'readyYear', 'adoption', 'effects'}
EFFECT_FORMS = ({'target', 'multiply'}, {'target', 'add'}, {'target', 'set'}, {'addStep', 'after', 'step'},
                {'addStep', 'before', 'step'}, {'addStep', 'step'}, {'removeStep'}, {'replaceStep', 'with', 'step'})
STRATEGY_FORBIDDEN = ('id', 'extends', 'set', 'horizon', 'strategies', 'strategyComparisons')


def check_keys(where, doc, rep):
    """Rule 1 for the v2 blocks (unknown keys, references) and rules 8-9 for strategies and their comparisons."""
    routes, plants, regions = doc.get('routes') or {}, doc.get('plants') or {}, doc.get('regions') or {}
    for oid, o in (doc.get('options') or {}).items():
        for k in set(o) - OPTION_KEYS:
            rep.err(where, f'option {oid}: unknown key {k!r} (rule 1)')
        for k in ('routes', 'readyYear', 'effects'):
            if k not in o:
                rep.err(where, f'option {oid}: {k} missing (rule 6)')
        for r in o.get('routes') or []:
            if r not in routes:
                rep.err(where, f'option {oid}: unknown route {r!r} (rule 6)')
        for g in o.get('regions') or []:
            if g not in regions:
                rep.err(where, f'option {oid}: unknown region {g!r} (rule 6)')
        for p in o.get('plants') or []:
            if p not in plants or plants[p].get('route') not in (o.get('routes') or []):
                rep.err(where, f'option {oid}: plant {p!r} unknown or not on one of its routes (rule 6)')
        if o.get('adoption', 'sop') not in ('sop', 'retrofit'):
            rep.err(where, f'option {oid}: adoption {o.get("adoption")!r} (§2.2)')
        for i, e in enumerate(o.get('effects') or []):
            if set(e) not in EFFECT_FORMS:
                rep.err(where, f'option {oid}: effect {i} has keys {sorted(e)}, none of the forms of §2.2')
            if 'step' in e:
                for k in set(e['step']) - (STEP_KEYS - {'readyYear'}):
                    rep.err(where, f'option {oid}: effect {i}: unknown step key {k!r} (rule 1)')
            if 'multiply' in e and support(e['multiply']).lo < 0:
                rep.err(where, f'option {oid}: effect {i}: multiply below 0 (§2.4)')
    chains = [(f'route {r}', x.get('process')) for r, x in routes.items()]
    chains += [(f'plant {p}', x.get('process')) for p, x in plants.items()]
    for what, proc in chains:
        if proc is None:
            continue
        if set(proc) != {'steps'} or not proc['steps']:
            rep.err(where, f'{what}: process must be exactly {{steps: <non-empty mapping>}} (§2.1)')
            continue
        for sid, st in proc['steps'].items():
            if sid == 'other' or not re.fullmatch(r'[A-Za-z0-9][A-Za-z0-9_-]*', str(sid)):
                rep.err(where, f'{what}: step id {sid!r} (§2.1)')
            for k in set(st) - STEP_KEYS:
                rep.err(where, f'{what}: step {sid}: unknown key {k!r} (rule 1)')
            for k in set(st.get('thermal') or {}) - THERMAL_KEYS:
                rep.err(where, f'{what}: step {sid}: unknown thermal key {k!r} (rule 1)')
            if 'thermal' in st and not {'chargeKgPerKWh', 'temperatureC'} <= set(st['thermal']):
                rep.err(where, f'{what}: step {sid}: thermal needs chargeKgPerKWh and temperatureC (§2.4)')
            if 'readyBy' in str(st.get('yield', '')):
                rep.err(where, f'{what}: step {sid}: readyBy outside readyYear (rule 10)')
    if not where.endswith('[base]'):
        return   # strategies and their comparisons are checked once, on the base member
    member_ids = ['base'] + list(doc.get('strategies') or {})
    for sid, st in (doc.get('strategies') or {}).items():
        if sid == 'base' or not re.fullmatch(r'[a-z0-9][a-z0-9-]*', sid):
            rep.err(where, f'strategy id {sid!r} (§2.3)')
        for k in set(st) - {'name', 'description', 'set'}:
            rep.err(where, f'strategy {sid}: unknown key {k!r} (§2.3)')
        for path in st.get('set') or {}:
            if str(path).split('.')[0] in STRATEGY_FORBIDDEN:
                rep.err(where, f'strategy {sid}: set may not write {path!r} (§2.3)')
            elif get_path(doc, str(path)) is None:
                rep.err(where, f'strategy {sid}: set path {path!r} does not exist in the base document')
    for c in doc.get('strategyComparisons') or []:
        if c.get('a') not in member_ids or c.get('b') not in member_ids or c.get('a') == c.get('b'):
            rep.err(where, f'strategyComparison {c}: a and b must be two different members of {member_ids} (rule 9)')
        kind, _, eid = str(c.get('entity', '')).partition(':')
        if kind not in ('route', 'plant', 'region', 'world', 'benchmark', 'option') or \
                (kind == 'route' and eid not in routes) or (kind == 'plant' and eid not in plants):
            rep.err(where, f'strategyComparison {c}: unknown entity (rule 9)')
        if str(c.get('metric', '')).startswith('step') != ('step' in c):
            rep.err(where, f'strategyComparison {c}: a step metric needs `step`, other metrics may not have it (rule 9)')
        if 'step' in c and kind == 'route':
            steps = set(((routes[eid].get('process') or {}).get('steps') or {}))
            if c['step'] != 'other' and c['step'] not in steps:
                rep.err(where, f'strategyComparison {c}: step {c["step"]!r} not in the route chain (rule 9)')


def check_step_form(where, sid, step, materials, rep):
    for q, (share, absolute) in QUANTITIES.items():
        given = [k for k in (share,) + absolute if k in step]
        if len(given) > 1:
            rep.err(where, f'step {sid}: more than one form of {q}: {given} (rule 2)')
    if 'capexFloorUsdPerKWhYear' in step and 'capexUsdPerKWhYear' not in step:
        rep.err(where, f'step {sid}: capexFloorUsdPerKWhYear without capexUsdPerKWhYear (rule 2)')
    atm = step.get('atmosphere') or {'class': 'ambient'}
    cls = atm.get('class', 'ambient')
    if cls not in ('ambient', 'dryRoom', 'inert'):
        rep.err(where, f'step {sid}: atmosphere class {cls!r} (§2.4)')
    if cls == 'dryRoom' and 'dewPointC' not in atm:
        rep.err(where, f'step {sid}: dryRoom without dewPointC (§2.1)')
    if cls != 'dryRoom' and 'dewPointC' in atm:
        rep.err(where, f'step {sid}: dewPointC with class {cls} (§2.1)')
    if 'dewPointC' in atm and not (-100 <= atm['dewPointC'] < 0):
        rep.err(where, f'step {sid}: dewPointC {atm["dewPointC"]} outside [-100, 0) (§2.4)')
    if cls == 'ambient' and ('atmosphereShare' in step or 'atmosphereUsdPerKWhYear' in step):
        rep.err(where, f'step {sid}: atmosphere cost on an ambient step (§2.1)')
    for m in list(step.get('inputs') or []) + list((step.get('losses') or {}).keys()):
        if m not in materials:
            rep.err(where, f'step {sid}: material {m!r} is not a material of the route (rule 4)')
    y = step.get('yield')
    if y is not None and set(y) != {'initial', 'mature', 'timeConstantYears'}:
        rep.err(where, f'step {sid}: yield needs initial, mature and timeConstantYears (§2.1)')


def check_chain(where, steps, materials, route_id, rep, expect_rest):
    lines = []
    for q, (share, _) in QUANTITIES.items():
        maxima = [(sid, support(st[share]).hi) for sid, st in steps.items() if share in st]
        total_max = sum(h for _, h in maxima)
        if total_max > 1 + SHARE_TOL:
            rep.err(where, f'{q} shares sum to {total_max:.12g} > 1 + 1e-9 (rule 3): {maxima}')
        # rest share with the base values (v2 §4.4, summed in base-chain order); for distributions its range
        lo_sum = sum(support(st[share]).lo for st in steps.values() if share in st)
        rest_hi, rest_lo = max(0.0, 1 - lo_sum), max(0.0, 1 - total_max)
        if not maxima:
            rest_lo = rest_hi = 1.0
        rest = f'{rest_lo:.12g}' if rest_lo == rest_hi else f'{rest_lo:.12g}..{rest_hi:.12g}'
        verdict = ''
        if expect_rest is not None:
            exp = expect_rest[q]
            ok = abs(rest_lo - exp) <= 1e-12 and abs(rest_hi - exp) <= 1e-12
            verdict = ' = §8.2' if ok else f' != §8.2 {exp}'
            if not ok:
                rep.err(where, f'{q} rest share {rest} differs from v2 §8.2 ({exp})')
        lines.append(f'{q} Σmax {total_max:.12g} rest {rest}{verdict}')
    seen = {}
    for sid, st in steps.items():
        check_step_form(where, sid, st, materials, rep)
        for m in st.get('inputs') or []:
            if m in seen:
                rep.err(where, f'material {m!r} listed in inputs of both {seen[m]!r} and {sid!r} (rule 4)')
            seen[m] = sid
    entry = {m: seen.get(m, 'other') for m in materials}
    return lines, entry


def in_scope(opt, plant_id, plant):
    return (plant['route'] in (opt.get('routes') or [])
            and ('regions' not in opt or plant['region'] in opt['regions'])
            and ('plants' not in opt or plant_id in opt['plants']))


CAPEX_TARGETS = re.compile(r'(^|\.)(capexUsdPerKWhYear|capexFloorUsdPerKWhYear|capexShare)$')
STEP_TARGET = re.compile(r'^process\.steps\.([^.]+)\.(.+)$')


def plant_checks(label, doc, pid, plant, route, rep, latent):
    """Rule 6 (potential chain) and rule 7 (bounds, pairs over subsets) for one plant (real or hypothetical)."""
    note = rep.warn_latent if latent else rep.err
    where = f'{label} plant {pid}'
    materials = route.get('materials') or {}
    base_steps = ((plant.get('process') or route.get('process') or {}).get('steps')) or {}
    chain = list(base_steps)
    step_spec = {k: v for k, v in base_steps.items()}     # step id -> its definition (base or added)
    overrides = plant.get('overrides') or {}
    options = [(oid, o) for oid, o in (doc.get('options') or {}).items() if in_scope(o, pid, plant)]
    touching = {}   # key -> [(option index, effect)]
    for idx, (oid, o) in enumerate(options):
        retrofit = o.get('adoption', 'sop') == 'retrofit'
        for e in o.get('effects') or []:
            if any(k in e for k in ('addStep', 'removeStep', 'replaceStep')):
                if retrofit:
                    note(where, f'option {oid}: structural effect in a retrofit option (rule 6)')
                if 'addStep' in e:
                    n = e['addStep']
                    anchor = e.get('before', e.get('after'))
                    if anchor is not None and anchor not in chain:
                        note(where, f'option {oid}: addStep {n} {"before" if "before" in e else "after"} '
                                    f'{anchor!r}, which is not in the potential chain {chain} (rule 6)')
                    if n in chain:
                        note(where, f'option {oid}: added step {n!r} is already in the potential chain (rule 6)')
                    if anchor in chain and n not in chain:
                        pos = chain.index(anchor) + (1 if 'after' in e else 0)
                        chain.insert(pos, n)
                    elif n not in chain:
                        chain.append(n)
                    step_spec.setdefault(n, e.get('step') or {})
                    check_step_form(where, f'{n} (added by {oid})', e.get('step') or {}, materials, rep)
                elif 'replaceStep' in e:
                    k, n = e['replaceStep'], e.get('with')
                    if k not in chain:
                        note(where, f'option {oid}: replaceStep {k!r} not in the potential chain {chain} (rule 6)')
                    elif n in chain:
                        note(where, f'option {oid}: replacement {n!r} is already in the potential chain (rule 6)')
                    else:
                        chain.insert(chain.index(k) + 1, n)
                        step_spec.setdefault(n, e.get('step') or {})
                        check_step_form(where, f'{n} (added by {oid})', e.get('step') or {}, materials, rep)
                elif e['removeStep'] not in chain:
                    note(where, f'option {oid}: removeStep {e["removeStep"]!r} not in the potential chain (rule 6)')
                continue
            t = e.get('target')
            if t is None or sum(k in e for k in ('multiply', 'add', 'set')) != 1:
                rep.err(where, f'option {oid}: effect {e} is none of the forms of §2.2')
                continue
            if retrofit and CAPEX_TARGETS.search(t):
                note(where, f'option {oid}: capex target {t} in a retrofit option (rule 6)')
            m = STEP_TARGET.match(t)
            if m:
                k, field = m.groups()
                if k not in chain:
                    note(where, f'option {oid}: target {t}: step {k!r} not in the potential chain {chain} (rule 6)')
                    continue
                spec = step_spec.get(k, {})
                if field.endswith('Share') and field not in spec:
                    note(where, f'option {oid}: target {t}: the step gives no {field} (§2.2)')
                if field.startswith('thermal.') and 'thermal' not in spec:
                    note(where, f'option {oid}: target {t}: the step has no thermal block (§2.2)')
            elif t.startswith('materials.'):
                if t.split('.')[1] not in materials:
                    note(where, f'option {oid}: target {t}: no such material in route {plant["route"]} (rule 6)')
            touching.setdefault(t, []).append((idx, oid, e))

    def base_value(key):
        if key in overrides:
            return overrides[key]
        v = get_path(overrides, key) if isinstance(overrides, dict) else None
        if v is not None:
            return v
        m = STEP_TARGET.match(key)
        if m:
            k, field = m.groups()
            v = get_path(step_spec.get(k, {}), field)
            return STEP_DEFAULTS.get(field, 0) if v is None else v
        v = get_path(route, key)
        if v is None and key.startswith('materials.') and key.endswith(('.floorUsdPerKg', '.lithiumShare')):
            return 0
        return v

    def images(keys):
        """Every subset of the options touching any of keys -> ({key: interval}, subset option ids)."""
        opts = sorted({(i, oid) for k in keys for i, oid, _ in touching.get(k, [])})
        if len(opts) > 8:
            rep.err(where, f'{len(opts)} options touch {keys} (at most 8, rule 7)')
        for r in range(len(opts) + 1):
            for subset in itertools.combinations(opts, r):
                chosen = {i for i, _ in subset}
                out = {}
                for key in keys:
                    b = base_value(key)
                    if b is None:
                        out[key] = None
                        continue
                    x = support(b)
                    for i, _, e in touching.get(key, []):
                        if i in chosen:
                            x = apply_effect(x, e)
                    out[key] = x
                yield out, [oid for _, oid in subset]

    checked = 0
    # single keys within their bounds
    for key in touching:
        if base_value(key) is None:
            continue
        for ivs, subset in images([key]):
            checked += 1
            if not within(ivs[key], bounds_of(key)):
                note(where, f'{key} image {ivs[key]} outside {bounds_text(bounds_of(key))} with options {subset} (rule 7)')
    # pairs: cell yield, step yields of the potential chain, material floor <= price
    pairs = [('yield.initial', 'yield.mature', 'cell yield')]
    pairs += [(f'process.steps.{k}.yield.initial', f'process.steps.{k}.yield.mature', f'{k} yield') for k in chain
              if 'yield' in step_spec.get(k, {}) or any(t.startswith(f'process.steps.{k}.yield.') for t in touching)]
    pairs += [(f'materials.{m}.floorUsdPerKg', f'materials.{m}.usdPerKg', f'{m} floor/price')
              for m, mat in materials.items() if 'usdPerKg' in mat and
              ('floorUsdPerKg' in mat or f'materials.{m}.floorUsdPerKg' in touching)]
    summary = []
    for lo_key, hi_key, label in pairs:
        worst = None
        lo_max, hi_min = None, None   # the stricter reading: each key under its own subsets, independently
        for ivs, subset in images([lo_key, hi_key]):
            checked += 1
            a, b = ivs[lo_key], ivs[hi_key]
            if a is None or b is None:
                continue
            for key, iv in ((lo_key, a), (hi_key, b)):
                if not within(iv, bounds_of(key)):
                    note(where, f'{key} image {iv} outside {bounds_text(bounds_of(key))} with options {subset} (rule 7)')
            if b.lo < a.hi:
                note(where, f'{lo_key} {a} > {hi_key} {b} with options {subset or "none"} (rule 7 pair)')
            if worst is None or b.lo - a.hi < worst[0]:
                worst = (b.lo - a.hi, a, b, subset)
            lo_max = a.hi if lo_max is None else max(lo_max, a.hi)
            hi_min = b.lo if hi_min is None else min(hi_min, b.lo)
        if worst is None:
            continue
        margin, a, b, subset = worst
        if (label.endswith('yield') and label != 'cell yield' and not subset and
                not any(t.startswith(f'process.steps.{label[:-6]}.yield.') for t in touching)):
            summary.append(f'{label} {a} ≤ {b}')
            continue
        # for yields also the stricter reading (initial and mature each under its own worst subset), which
        # is how v2 §8.3's closing remark argues ("the coating's +0.05 keeps it below the mature minimum 0.93")
        strict = '' if not label.endswith('yield') or lo_max == a.hi and hi_min == b.lo else \
            f'; each key under its own worst subset: max {lo_max:.6g} vs min {hi_min:.6g} (margin {hi_min - lo_max:.4g})'
        summary.append(f'{label}: tightest {a} ≤ {b} with {subset or "no option"} (margin {margin:.4g}){strict}')
    return chain, options, summary, checked


def thermal_range(step):
    th = step['thermal']
    m, T = support(th['chargeKgPerKWh']), support(th['temperatureC'])
    h, w = support(th.get('holdHours', 0)), support(th.get('holdKWPerKg', 0))
    c, eta = support(th.get('specificHeatKJPerKgK', 1.0)), support(th.get('efficiency', 0.25))
    lo = m.lo * (c.lo * (T.lo - 25) / (3600 * eta.hi) + w.lo * h.lo)
    hi = m.hi * (c.hi * (T.hi - 25) / (3600 * eta.lo) + w.hi * h.hi)
    return lo, hi


def check_member(label, doc, rep, verbose):
    routes, plants, regions = doc.get('routes') or {}, doc.get('plants') or {}, doc.get('regions') or {}
    out = []
    for rid, route in routes.items():
        steps = (route.get('process') or {}).get('steps')
        if not steps:
            out.append(f'  route {rid}: no chain')
            continue
        lines, entry = check_chain(f'{label} route {rid}', steps, route.get('materials') or {}, rid, rep,
                                   EXPECTED_REST.get(rid))
        out.append(f'  route {rid}: {" → ".join(steps)} → other')
        out.append('    ' + '; '.join(lines))
        out.append('    materials enter at: ' + ', '.join(f'{m} @ {s}' for m, s in entry.items()))
        for sid, st in steps.items():
            if 'thermal' in st:
                lo, hi = thermal_range(st)
                out.append(f'    {sid}: thermal energy support [{lo:.3f}, {hi:.3f}] kWh/kWh')
    for pid, plant in plants.items():
        if plant.get('process'):
            route = routes[plant['route']]
            lines, _ = check_chain(f'{label} plant {pid}', plant['process']['steps'], route.get('materials') or {},
                                   plant['route'], rep, None)
            out.append(f'  plant {pid} (own chain): ' + '; '.join(lines))
    # rule 6/7 for the real plants, then for one hypothetical plant per (route, region); plants with the same
    # findings are printed together
    groups = {}
    for pid, plant in plants.items():
        if plant.get('route') not in routes:
            continue
        chain, options, summary, n = plant_checks(label, doc, pid, plant, routes[plant['route']], rep, latent=False)
        key = (plant['route'], tuple(o for o, _ in options), tuple(chain), tuple(summary))
        groups.setdefault(key, []).append((pid, n))
    have_plants = {p.get('route') for p in plants.values()}
    real = {(p.get('route'), p.get('region')) for p in plants.values()}
    for rid in routes:
        for gid in regions:
            if (rid, gid) in real:
                continue
            pid = f'<a {rid} plant in {gid}>'
            chain, options, summary, n = plant_checks(label, doc, pid, {'route': rid, 'region': gid}, routes[rid],
                                                      rep, latent=True)
            if rid not in have_plants:
                key = (rid, tuple(o for o, _ in options), tuple(chain), tuple(summary))
                groups.setdefault(key, []).append((pid, n))
    for (rid, opts, chain, summary), pids in groups.items():
        out.append(f'  {", ".join(p for p, _ in pids)} ({rid}): options in scope {list(opts) or "none"}; '
                   f'{sum(n for _, n in pids)} subset images checked')
        out.append(f'    potential chain: {" → ".join(chain)} → other')
        for line in summary:
            out.append(f'    {line}')
    return out


def self_test_against_pyyaml(paths):
    try:
        import yaml  # noqa: F401  (only to cross-check the reader; the checks never need it)
    except ImportError:
        return 'PyYAML not installed: reader cross-check skipped'
    import yaml
    bad = [os.path.basename(p) for p in paths if yaml.safe_load(open(p, encoding='utf-8')) != load_yaml(p)]
    return f'reader agrees with PyYAML on {len(paths) - len(bad)}/{len(paths)} files' + (f'; differs on {bad}' if bad else '')


def main(argv):
    verbose = '-v' in argv
    args = [a for a in argv if a != '-v']
    folder = args[0] if args else os.path.dirname(os.path.abspath(__file__))
    paths = sorted(glob.glob(os.path.join(folder, '*.yaml')))
    files = {}
    for p in paths:
        d = load_yaml(p)
        files[d['id']] = (p, d)
    print(self_test_against_pyyaml(paths))
    rep = Report()
    printed = {}
    for sid, (p, _) in files.items():
        try:
            doc = resolve(sid, files)
        except (KeyError, IndexError, ValueError, TypeError) as e:
            rep.err(os.path.basename(p), str(e))
            continue
        v2 = any(k in doc for k in ('options', 'strategies', 'strategyComparisons')) or any(
            'process' in r for r in (doc.get('routes') or {}).values())
        if not v2:
            print(f'\n== {os.path.basename(p)} ({sid}): v1 scenario, nothing to check')
            continue
        for mid, m in members(doc, os.path.basename(p), rep):
            label = f'{os.path.basename(p)}[{mid}]'
            check_keys(label, m, rep)
            lines = check_member(label, m, rep, verbose)
            block = '\n'.join(lines)
            if block in printed and not verbose:
                print(f'\n== {label}: checked; findings identical to {printed[block]}')
                continue
            print(f'\n== {label}')
            if printed and not verbose:   # only what differs from the first scenario printed in full
                first_label, first_lines = next(iter(printed.values())), set(next(iter(printed)).split('\n'))
                print(f'  (lines that differ from {first_label}; -v prints all)')
                lines = [ln for ln in lines if ln not in first_lines]
            printed.setdefault(block, label)
            print('\n'.join(lines))
    print()
    latent = {}   # the same finding for hypothetical plants of several regions and scenarios: print it once
    for e in rep.latent:
        m = re.match(r'^(\S+) plant <a (\S+) plant in (\S+)>: (.*)$', e)
        where, rid, gid, msg = m.groups()
        files_, regions_ = latent.setdefault((rid, msg), ([], []))
        files_.append(where) if where not in files_ else None
        regions_.append(gid) if gid not in regions_ else None
    for (rid, msg), (files_, regions_) in latent.items():
        print(f'LATENT a {rid} plant in {"/".join(regions_)}: {msg} [in {len(files_)} scenario members: '
              f'{", ".join(files_[:3])}{", …" if len(files_) > 3 else ""}]')
    for e in rep.errors:
        print('ERROR', e)
    print(f'\n{len(rep.errors)} error(s), {len(latent)} latent problem(s) (for a plant that does not exist yet)')
    return 1 if rep.errors else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
