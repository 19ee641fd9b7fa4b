"""statsmodels side of bench/stat-speed.ts: fit + forecast Theta, damped Holt and AutoETS on every series.

    /usr/bin/python3 bench/stat-speed.py TRAIN_CSV HORIZON [--models theta,damped,auto_ets]

Prints one JSON object: per model, wall and CPU seconds over all series and the mean sMAPE against TRAIN_CSV's
companion test file (same name with -test), so both sides can be checked for doing comparable work.
Single-threaded BLAS so the comparison with single-threaded JavaScript is like for like.
"""
import os

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")

import csv
import json
import sys
import time
import warnings

import numpy as np
from statsmodels.tsa.exponential_smoothing.ets import ETSModel
from statsmodels.tsa.forecasting.theta import ThetaModel
from statsmodels.tsa.holtwinters import ExponentialSmoothing

warnings.filterwarnings("ignore")


def read_long(path):
    series = {}
    with open(path) as f:
        for row in csv.DictReader(f):
            series.setdefault(row["unique_id"], []).append(float(row["y"]))
    return {k: np.asarray(v) for k, v in series.items()}


def theta(y, h):
    return ThetaModel(y, period=1).fit().forecast(h)


def damped(y, h):
    return ExponentialSmoothing(y, trend="add", damped_trend=True).fit().forecast(h)


def auto_ets(y, h):
    # The same space as ours for m = 1: additive/multiplicative error x none/additive/damped trend, by AICc.
    best = None
    for error in ("add", "mul"):
        if error == "mul" and np.min(y) <= 0:
            continue
        for trend, damped_trend in ((None, False), ("add", False), ("add", True)):
            try:
                fit = ETSModel(y, error=error, trend=trend, damped_trend=damped_trend).fit(disp=False)
            except Exception:
                continue
            if np.isfinite(fit.aicc) and (best is None or fit.aicc < best.aicc):
                best = fit
    return best.forecast(h)


def smape(y, f):
    return float(np.mean(200 * np.abs(y - f) / (np.abs(y) + np.abs(f))))


def main():
    train_path, h = sys.argv[1], int(sys.argv[2])
    models = "theta,damped,auto_ets"
    if "--models" in sys.argv:
        models = sys.argv[sys.argv.index("--models") + 1]
    train = read_long(train_path)
    test = read_long(train_path.replace("-train", "-test"))
    out = {}
    for name in models.split(","):
        fn = {"theta": theta, "damped": damped, "auto_ets": auto_ets}[name]
        start, cpu = time.perf_counter(), time.process_time()
        forecasts = {k: np.asarray(fn(y, h)) for k, y in train.items()}
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        out[name] = {
            "seconds": seconds,
            "cpuSeconds": cpu,
            "smape": float(np.mean([smape(test[k], forecasts[k]) for k in train])),
        }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
