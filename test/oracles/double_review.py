#!/usr/bin/env python3
"""Expected values for a spot check with a blind double review, computed without Recount's code:
    /usr/bin/python3 test/oracles/double_review.py > test/oracles/double_review.json
- the sample and the double-review items re-drawn from the published algorithm (SHA-256 seed, mulberry32,
  partial Fisher-Yates), written here from its description;
- the reviewers' verdicts from the scripted rules below (the test applies the same rules to make events);
- Cohen's kappa with statsmodels (its asymptotic standard error, kappa +/- z*se), percent agreement, each
  reviewer's lean, counted directly;
- the result on the final verdicts (agreed, or the arbiter's): false count and the exact one-sided 95% upper
  limit (Clopper-Pearson, scipy's beta.ppf).
"""
import hashlib
import json
import math
import numpy as np
from scipy.stats import beta, norm
from statsmodels.stats.inter_rater import cohens_kappa, fleiss_kappa

V = ["genuine", "false", "unsure"]
Z = norm.ppf(0.975)


def mulberry32(seed):
    a = seed & 0xFFFFFFFF

    def nxt():
        nonlocal a
        a = (a + 0x6D2B79F5) & 0xFFFFFFFF
        t = a
        t = ((t ^ (t >> 15)) * (t | 1)) & 0xFFFFFFFF
        t = (t ^ ((t + (((t ^ (t >> 7)) * (t | 61)) & 0xFFFFFFFF)) & 0xFFFFFFFF)) & 0xFFFFFFFF
        return ((t ^ (t >> 14)) & 0xFFFFFFFF) / 4294967296

    return nxt


def draw(ids, n, seed, stratum):
    items = sorted(set(ids))
    nxt = mulberry32(int(hashlib.sha256(f"{seed}|{stratum}".encode()).hexdigest()[:8], 16))
    count = min(n, len(items))
    for i in range(count):
        j = i + math.floor(nxt() * (len(items) - i))
        items[i], items[j] = items[j], items[i]
    return items[:count]


SEED = "oracle-double-review"
population = [f"c{k:03d}" for k in range(1, 61)]
sample = draw(population, 30, SEED, "assumed")
doubled = draw(sample, math.ceil(0.5 * len(sample)), SEED, "double review")


def k_of(cid):
    return int(cid[1:])


# The scripted verdicts (the test makes the same events).
def ana(k):
    return "false" if k % 4 == 0 else "genuine"


def bo(k):
    a = ana(k)
    if k % 7 == 0:
        return "false" if a == "genuine" else "unsure"
    if k % 11 == 0:
        return "unsure"
    return a


def arbiter(k):
    return "false" if k % 2 == 0 else "genuine"


def single(k):
    return "false" if k % 5 == 0 else "genuine"


pairs = [(ana(k_of(c)), bo(k_of(c))) for c in doubled]
table = np.zeros((3, 3))
for a, b in pairs:
    table[V.index(a)][V.index(b)] += 1
r = cohens_kappa(table)
disagreed = [c for c in doubled if ana(k_of(c)) != bo(k_of(c))]
lean = {
    "Ana": {"falseWhenOtherGenuine": sum(1 for a, b in pairs if b == "genuine" and a == "false"), "otherGenuine": sum(1 for a, b in pairs if b == "genuine")},
    "Bo": {"falseWhenOtherGenuine": sum(1 for a, b in pairs if a == "genuine" and b == "false"), "otherGenuine": sum(1 for a, b in pairs if a == "genuine")},
}
final = {}
for c in sample:
    k = k_of(c)
    if c in doubled:
        final[c] = ana(k) if ana(k) == bo(k) else arbiter(k)
    else:
        final[c] = single(k)
# Unsure counts as false in the judged figure (ISA 530).
x = sum(1 for v in final.values() if v in ("false", "unsure"))
n = len(sample)
# Three blind reviewers on the same items: Dee follows Ana except where k % 3 == 0 (then "unsure").
def dee(k):
    return "unsure" if k % 3 == 0 else ana(k)


rows3 = np.array([[sum(1 for f in (ana, bo, dee) if f(k_of(c)) == v) for v in V] for c in doubled], float)
fk = fleiss_kappa(rows3, method="fleiss")
loo = np.array([fleiss_kappa(np.delete(rows3, i, axis=0), method="fleiss") for i in range(len(rows3))])
fse = np.sqrt((len(rows3) - 1) / len(rows3) * ((loo - loo.mean()) ** 2).sum())
three = {
    "kappa": fk,
    "low": fk - Z * fse,
    "high": fk + Z * fse,
    "allAgree": int(sum(1 for c in doubled if len({ana(k_of(c)), bo(k_of(c)), dee(k_of(c))}) == 1)),
}

print(json.dumps({
    "three": three,
    "seed": SEED,
    "sample": sample,
    "doubled": doubled,
    "disagreed": disagreed,
    "table": table.astype(int).tolist(),
    "percentAgreement": (len(doubled) - len(disagreed)) / len(doubled),
    "kappa": r.kappa,
    "low": r.kappa - Z * r.std_kappa,
    "high": r.kappa + Z * r.std_kappa,
    "lean": lean,
    "falseCount": x,
    "n": n,
    "upper95": float(beta.ppf(0.95, x + 1, n - x)),
}, indent=2))
