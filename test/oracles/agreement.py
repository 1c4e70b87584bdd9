#!/usr/bin/env python3
"""Expected values for Recount's agreement figures, computed with statsmodels (Debian's python3-statsmodels),
not with Recount's own code. Run from the repository root:
    /usr/bin/python3 test/oracles/agreement.py > test/oracles/agreement.json
- two reviewers: statsmodels.stats.inter_rater.cohens_kappa on the 3x3 confusion table (genuine, false, unsure):
  kappa, its asymptotic standard error and the two-sided 95% interval kappa +/- z * se;
- more reviewers: statsmodels' fleiss_kappa on per-conversation category counts, and a jackknife 95% interval
  (kappa +/- z * sqrt((n-1)/n * sum (kappa_-i - mean)^2), each kappa_-i statsmodels' again);
- percent agreement and each reviewer's lean counted directly from the ratings.
The ratings are drawn with a fixed seed, plus hand-made edge cases.
"""
import json
import random
import numpy as np
from scipy.stats import norm
from statsmodels.stats.inter_rater import cohens_kappa, fleiss_kappa

Z = norm.ppf(0.975)
V = ["genuine", "false", "unsure"]


def two(ratings):
    table = np.zeros((3, 3))
    for a, b in ratings:
        table[V.index(a)][V.index(b)] += 1
    row, col = table.sum(1) / table.sum(), table.sum(0) / table.sum()
    if 1 - (row * col).sum() < 1e-12:
        return {"kappa": None, "low": None, "high": None, "table": table.astype(int).tolist()}
    r = cohens_kappa(table)
    return {"kappa": r.kappa, "se": r.std_kappa, "low": r.kappa - Z * r.std_kappa, "high": r.kappa + Z * r.std_kappa, "statsmodels_low": r.kappa_low, "statsmodels_high": r.kappa_upp, "table": table.astype(int).tolist()}


def many(rows):
    rows = np.asarray(rows, float)
    k = fleiss_kappa(rows, method="fleiss")
    n = len(rows)
    loo = np.array([fleiss_kappa(np.delete(rows, i, axis=0), method="fleiss") for i in range(n)])
    se = np.sqrt((n - 1) / n * ((loo - loo.mean()) ** 2).sum())
    return {"kappa": k, "low": k - Z * se, "high": k + Z * se}


def lean(items, reviewers):
    out = []
    for who in reviewers:
        other_genuine = sum(1 for r in items if len(r) >= 2 and who in r and any(w != who and v == "genuine" for w, v in r.items()))
        false_when = sum(1 for r in items if len(r) >= 2 and who in r and r[who] == "false" and any(w != who and v == "genuine" for w, v in r.items()))
        out.append({"reviewer": who, "falseWhenOtherGenuine": false_when, "otherGenuine": other_genuine})
    return out


rng = random.Random(20261130)
cases = []
# Two reviewers who mostly agree, with Bo leaning to "false".
for n, flip in [(40, 0.15), (200, 0.3), (25, 0.05)]:
    items = []
    for _ in range(n):
        a = rng.choices(V, weights=[6, 3, 1])[0]
        b = a if rng.random() > flip else rng.choices(V, weights=[2, 6, 1])[0]
        items.append({"Ana": a, "Bo": b})
    agreed = sum(1 for r in items if len(set(r.values())) == 1)
    cases.append({"name": f"two reviewers, {n} conversations", "items": items, "cohen": two([(r["Ana"], r["Bo"]) for r in items]), "percentAgreement": agreed / n, "lean": lean(items, ["Ana", "Bo"])})
# Hand-made: perfect agreement over two categories (kappa 1), and one category only (undefined).
perfect = [{"Ana": "genuine", "Bo": "genuine"}] * 6 + [{"Ana": "false", "Bo": "false"}] * 4
cases.append({"name": "perfect agreement", "items": perfect, "cohen": two([(r["Ana"], r["Bo"]) for r in perfect]), "percentAgreement": 1.0, "lean": lean(perfect, ["Ana", "Bo"])})
single = [{"Ana": "genuine", "Bo": "genuine"}] * 5
cases.append({"name": "one category only", "items": single, "cohen": two([(r["Ana"], r["Bo"]) for r in single]), "percentAgreement": 1.0, "lean": lean(single, ["Ana", "Bo"])})
# Three reviewers on every conversation.
for n in [30, 80]:
    items = []
    for _ in range(n):
        truth = rng.choices(V, weights=[5, 4, 1])[0]
        items.append({who: (truth if rng.random() > 0.2 else rng.choice(V)) for who in ["Ana", "Bo", "Cy"]})
    rows = [[sum(1 for v in r.values() if v == c) for c in V] for r in items]
    agreed = sum(1 for r in items if len(set(r.values())) == 1)
    cases.append({"name": f"three reviewers, {n} conversations", "items": items, "fleiss": many(rows), "percentAgreement": agreed / n, "lean": lean(items, ["Ana", "Bo", "Cy"])})
print(json.dumps({"generated_by": "test/oracles/agreement.py", "cases": cases}, indent=1))
