#!/usr/bin/env python3
"""Expected values for Recount's spot-check statistics, computed with scipy/statsmodels (Debian's
python3-scipy and python3-statsmodels), not with Recount's own code. Run from the repository root:
    /usr/bin/python3 test/oracles/spot_check.py > test/oracles/spot_check.json
The methods follow the README's statistics section:
- one stratum: exact one-sided 95% upper limit (Clopper-Pearson): Beta.ppf(0.95, k+1, n-k), 1 when k = n;
- several strata: p_st = sum W_h p_h with W_h = N_h / N over every stratum; the unbiased variance
  v = sum W_h^2 (1 - n_h/N_h) p_h (1 - p_h) / (n_h - 1); Kish's effective sample size n_eff = p_st (1 - p_st) / v,
  capped at the reviewed count (and equal to it when v = 0); with x = p_st n_eff, the two-sided 95% interval is
  Korn & Graubard's (Clopper-Pearson at n_eff): Beta.ppf(0.025, x, n_eff - x + 1) to Beta.ppf(0.975, x + 1, n_eff - x),
  and the one-sided 95% upper limit Beta.ppf(0.95, x + 1, n_eff - x).
- allocation: n_h = n N_h / N, at least 1 per non-empty stratum, the rest by largest remainder after that minimum
  (when the minimums overshoot a small n, one is taken back from the largest allocation until they add up).
- sample size: n0 = z^2 p (1-p) / e^2, n = n0 / (1 + (n0 - 1)/N), rounded up.
"""
import json
import math
from scipy.stats import beta, norm
from statsmodels.stats.proportion import proportion_confint, samplesize_confint_proportion

Z = norm.ppf(0.975)


def cp_upper(k, n):
    return 1.0 if k >= n else float(beta.ppf(0.95, k + 1, n - k))


def wilson(p, n):
    # statsmodels' Wilson interval takes counts; at a fractional n it is the same formula.
    z2 = Z * Z
    den = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / den
    half = Z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / den
    return max(0.0, centre - half), min(1.0, centre + half)


def stratified(strata):
    N = sum(s["population"] for s in strata)
    p_st = 0.0
    v = 0.0
    n = sum(s["reviewed"] for s in strata)
    for s in strata:
        W = s["population"] / N
        nh = s["reviewed"]
        ph = s["false"] / nh
        p_st += W * ph
        if nh > 1:
            v += W * W * (1 - nh / s["population"]) * ph * (1 - ph) / (nh - 1)
        else:
            v += W * W * 0.25  # one item: no variance estimate, take the largest
    n_eff = n if v == 0 else min(n, p_st * (1 - p_st) / v)
    x = p_st * n_eff
    if len(strata) == 1:
        low, high = wilson(p_st, n_eff)
    else:
        low = 0.0 if x <= 0 else float(beta.ppf(0.025, x, n_eff - x + 1))
        high = 1.0 if x >= n_eff else float(beta.ppf(0.975, x + 1, n_eff - x))
    upper = 1.0 if x >= n_eff else float(beta.ppf(0.95, x + 1, n_eff - x))
    return {"rate": p_st, "variance": v, "effectiveN": n_eff, "low": low, "high": high, "upper95": upper}


def allocate(n, sizes):
    total = sum(sizes.values())
    exact = {k: n * v / total for k, v in sizes.items()}
    alloc = {k: (max(1, math.floor(e)) if sizes[k] > 0 else 0) for k, e in exact.items()}
    left = n - sum(alloc.values())
    order = sorted(sizes, key=lambda k: (-(exact[k] - alloc[k]), k))
    while left < 0:  # the minimums overshot a small n: take back from the largest allocation
        k = max(sorted(alloc), key=lambda k: alloc[k])
        alloc[k] -= 1
        left += 1
    i = 0
    while left > 0:
        k = order[i % len(order)]
        if alloc[k] < sizes[k]:
            alloc[k] += 1
            left -= 1
        i += 1
    return alloc


def sample_size(N, e, p=0.5):
    n0 = Z * Z * p * (1 - p) / (e * e)
    return math.ceil(n0 / (1 + (n0 - 1) / N) - 1e-9)


def mulberry32(seed):
    state = [seed & 0xFFFFFFFF]

    def imul(a, b):
        return (a * b) & 0xFFFFFFFF

    def nxt():
        state[0] = (state[0] + 0x6D2B79F5) & 0xFFFFFFFF
        t = state[0]
        t = imul(t ^ (t >> 15), t | 1)
        t ^= (t + imul(t ^ (t >> 7), t | 61)) & 0xFFFFFFFF
        return ((t ^ (t >> 14)) & 0xFFFFFFFF) / 4294967296

    return nxt


def seeded_draw(ids, n, seed, stratum):
    """The draw as the plan's algorithm text states it, in another language."""
    import hashlib
    items = sorted(set(ids), key=lambda s: s.encode("utf-16-be"))
    digest = hashlib.sha256(f"{seed}|{stratum}".encode("utf-8")).digest()
    nxt = mulberry32(int.from_bytes(digest[:4], "big"))
    for i in range(min(n, len(items))):
        j = i + math.floor(nxt() * (len(items) - i))
        items[i], items[j] = items[j], items[i]
    return items[:min(n, len(items))]


DRAW_IDS = [str(215467891234000 + 7 * i) for i in range(40)] + ["215467891234007", "Zéphyr-1", "éclair-2"]

out = {
    "z": Z,
    "draw": [
        {"ids": DRAW_IDS, "n": 6, "seed": "nov-audit", "stratum": "assumed", "sample": seeded_draw(DRAW_IDS, 6, "nov-audit", "assumed")},
        {"ids": DRAW_IDS, "n": 5, "seed": "Prüfung 2026 ✓", "stratum": "procedure_handoff", "sample": seeded_draw(DRAW_IDS, 5, "Prüfung 2026 ✓", "procedure_handoff")},
    ],
    "cpUpper": [{"k": k, "n": n, "upper": cp_upper(k, n)} for k, n in [(0, 100), (0, 113), (1, 50), (3, 50), (12, 100), (5, 323), (0, 323), (2, 20), (20, 20), (0, 1)]],
    "wilsonCounts": [
        {"k": k, "n": n, "low": float(lo), "high": float(hi)}
        for k, n in [(12, 100), (0, 100), (5, 323), (1, 10)]
        for lo, hi in [proportion_confint(k, n, alpha=0.05, method="wilson")]
    ],
    "sampleSize": [
        {"population": 2000, "margin": 0.05, "p": 0.5, "n": sample_size(2000, 0.05)},
        {"population": 10**9, "margin": 0.05, "p": 0.5, "n": sample_size(10**9, 0.05),
         "statsmodelsN0": float(samplesize_confint_proportion(0.5, 0.05, alpha=0.05))},
        {"population": 700, "margin": 0.03, "p": 0.1, "n": sample_size(700, 0.03, 0.1)},
    ],
    "allocate": [
        {"n": 10, "sizes": {"a": 18, "b": 91, "c": 91}, "expected": allocate(10, {"a": 18, "b": 91, "c": 91})},
        {"n": 323, "sizes": {"assumed": 700, "confirmed": 1000, "procedure_handoff": 300},
         "expected": allocate(323, {"assumed": 700, "confirmed": 1000, "procedure_handoff": 300})},
        {"n": 5, "sizes": {"a": 1, "b": 1, "c": 1000}, "expected": allocate(5, {"a": 1, "b": 1, "c": 1000})},
    ],
    "stratified": [
        {
            "name": "worked example: 2,000 billed, 323 reviewed",
            "strata": [
                {"stratum": "assumed", "population": 700, "reviewed": 113, "false": 9},
                {"stratum": "confirmed", "population": 1000, "reviewed": 162, "false": 3},
                {"stratum": "procedure_handoff", "population": 300, "reviewed": 48, "false": 2},
            ],
        },
        {
            "name": "zero-false strata add no variance: capped at the reviewed count",
            "strata": [
                {"stratum": "a", "population": 5000, "reviewed": 100, "false": 0},
                {"stratum": "b", "population": 5000, "reviewed": 100, "false": 1},
            ],
        },
        {
            "name": "a single stratum",
            "strata": [{"stratum": "all", "population": 2000, "reviewed": 100, "false": 12}],
        },
    ],
}
for case in out["stratified"]:
    case["expected"] = stratified(case["strata"])
print(json.dumps(out, indent=2))
