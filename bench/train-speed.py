"""PyTorch side of bench/train-speed.ts: the same architectures, windows, batch size and optimiser.

Usage: python3 bench/train-speed.py CONFIG_JSON
CONFIG_JSON: {"models": ["lstm", "gru", "transformer"], "steps": 48, "horizon": 24, "units": 64, "batch": 64,
              "epochs": 5, "threads": 1, "lr": 0.001, "seed": 0,
              "transformer": {"patch": 8, "stride": 4, "dModel": 64, "heads": 4, "ff": 128, "layers": 2},
              "data": {"trainX": path, "trainY": path, "valX": path, "valY": path}}   (raw float32, row-major)
Without "data", random windows (2,000) are used, which is enough for timing.
Prints one JSON line: {"torch": version, "threads": n,
                       "results": {model: {"epochMs": [...], "epochCpuMs": [...], "valMse": [...]}}}.
"""
import json
import os
import sys
import time

# "One thread" has to reach the BLAS too: Debian's torch calls OpenBLAS (pthreads), which ignores
# torch.set_num_threads and uses every core unless told otherwise before it is loaded.
_THREADS = str(json.loads(sys.argv[1]).get("threads", 1)) if len(sys.argv) > 1 else "1"
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = _THREADS

import numpy as np  # noqa: E402
import torch  # noqa: E402
from torch import nn  # noqa: E402


class Recurrent(nn.Module):
    def __init__(self, kind, inputs, units, horizon):
        super().__init__()
        cell = nn.LSTM if kind == "lstm" else nn.GRU
        self.rnn = cell(inputs, units, batch_first=True)
        self.head = nn.Linear(units, horizon)

    def forward(self, x):
        out, _ = self.rnn(x)
        return self.head(out[:, -1, :])


class PatchTransformer(nn.Module):
    """PatchTST-style encoder, as the production `transformer` kind builds it (PatchTransformerNet in
    libs/forecasting/src/models/transformer.model.ts): the window padded at the end with `stride` copies of its last
    step, patches -> linear embedding + learned position -> pre-norm encoder layers -> layer norm -> flatten ->
    linear head."""

    def __init__(self, steps, horizon, patch, stride, d_model, heads, ff, layers):
        super().__init__()
        self.patch, self.stride = patch, stride
        self.patches = (steps + stride - patch) // stride + 1
        self.embed = nn.Linear(patch, d_model)
        self.pos = nn.Parameter(torch.randn(self.patches, d_model) * 0.02)
        layer = nn.TransformerEncoderLayer(d_model, heads, ff, dropout=0.0, activation="gelu", batch_first=True,
                                           norm_first=True)
        self.encoder = nn.TransformerEncoder(layer, layers, norm=nn.LayerNorm(d_model), enable_nested_tensor=False)
        self.head = nn.Linear(self.patches * d_model, horizon)

    def forward(self, x):
        series = x[:, :, 0]
        padded = torch.cat([series, series[:, -1:].expand(-1, self.stride)], dim=1)
        p = padded.unfold(1, self.patch, self.stride)  # [B, N, P]
        z = self.encoder(self.embed(p) + self.pos)
        return self.head(z.flatten(1))


def build(name, cfg):
    if name in ("lstm", "gru"):
        return Recurrent(name, 1, cfg["units"], cfg["horizon"])
    t = cfg["transformer"]
    return PatchTransformer(cfg["steps"], cfg["horizon"], t["patch"], t["stride"], t["dModel"], t["heads"], t["ff"],
                            t["layers"])


def load(cfg):
    steps, horizon = cfg["steps"], cfg["horizon"]
    d = cfg.get("data")
    if not d:
        g = torch.Generator().manual_seed(0)
        return (torch.randn(2000, steps, 1, generator=g), torch.randn(2000, horizon, generator=g), None, None)

    def read(path, width):
        a = np.fromfile(path, dtype=np.float32)
        return torch.from_numpy(a.reshape(-1, width).copy())

    x, y = read(d["trainX"], steps).unsqueeze(-1), read(d["trainY"], horizon)
    vx, vy = read(d["valX"], steps).unsqueeze(-1), read(d["valY"], horizon)
    return x, y, vx, vy


def epoch_ms(model, x, y, batch, opt):
    """Wall-clock and CPU milliseconds of one training epoch."""
    loss_fn = nn.MSELoss()
    perm = torch.randperm(x.shape[0])
    start, cpu = time.perf_counter(), time.process_time()
    for i in range(0, x.shape[0], batch):
        idx = perm[i:i + batch]
        opt.zero_grad()
        loss = loss_fn(model(x[idx]), y[idx])
        loss.backward()
        opt.step()
    return (time.perf_counter() - start) * 1000, (time.process_time() - cpu) * 1000


def val_mse(model, vx, vy):
    if vx is None:
        return None
    with torch.no_grad():
        return float(((model(vx) - vy) ** 2).mean())


def main():
    cfg = json.loads(sys.argv[1])
    torch.set_num_threads(cfg.get("threads", 1))
    torch.manual_seed(cfg.get("seed", 0))
    x, y, vx, vy = load(cfg)
    results = {}
    for name in cfg["models"]:
        model = build(name, cfg)
        opt = torch.optim.Adam(model.parameters(), lr=cfg.get("lr", 1e-3))
        ms, cpu, val = [], [], []
        for _ in range(cfg["epochs"]):
            model.train()
            wall, used = epoch_ms(model, x, y, cfg["batch"], opt)
            ms.append(wall)
            cpu.append(used)
            model.eval()
            val.append(val_mse(model, vx, vy))
        results[name] = {"epochMs": ms, "epochCpuMs": cpu, "valMse": val,
                         "parameters": sum(p.numel() for p in model.parameters())}
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(), "results": results}))


if __name__ == "__main__":
    main()
