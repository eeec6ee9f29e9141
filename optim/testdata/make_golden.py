#!/usr/bin/python3
# Writes golden.json: PyTorch 1.13 optimizer trajectories and LR schedule
# values that optim's tests reproduce.
#
# Run from the repository root with Debian's torch (python3-torch 1.13):
#
#   /usr/bin/python3 optim/testdata/make_golden.py
#
# Every optimizer runs 100 steps on two fixed parameters ("0.weight" 3x5,
# "0.bias" 3) with fixed per-step gradients generated here from a seeded
# torch.Generator and stored in the file (so Go feeds the very same float32
# values). Each case stores its hyperparameters, the learning rate of every
# step (constant or from a schedule) and the parameters after every step.
import json
import math
import os

import numpy as np
import torch

STEPS = 100
SHAPES = {"0.weight": (3, 5), "0.bias": (3,)}

gen = torch.Generator().manual_seed(20240611)
init = {k: torch.randn(s, generator=gen, dtype=torch.float32) for k, s in SHAPES.items()}
grads = []
for t in range(STEPS):
    step = {}
    for k, s in SHAPES.items():
        g = torch.randn(s, generator=gen, dtype=torch.float32)
        g = g * (0.5 + 1.5 * math.sin(0.1 * t) ** 2)
        g[g.abs() < 0.05] = 0.0  # some exact zeros
        step[k] = g.to(torch.float32)
    grads.append(step)


def const(lr):
    return [lr] * STEPS


def cosine(lr_max, lr_min, period):
    return [lr_min + (lr_max - lr_min) * (1 + math.cos(t * math.pi / period)) / 2 for t in range(STEPS)]


CASES = [
    ("sgd", "sgd_plain", {}, const(0.1)),
    ("sgd", "sgd_momentum_dampening_wd", {"momentum": 0.9, "dampening": 0.1, "weight_decay": 0.01}, const(0.05)),
    ("sgd", "sgd_nesterov_wd", {"momentum": 0.9, "nesterov": True, "weight_decay": 0.001}, cosine(0.05, 0.001, 40)),
    ("adagrad", "adagrad_default", {}, const(0.1)),
    ("adagrad", "adagrad_decay_init_wd",
     {"lr_decay": 0.01, "initial_accumulator_value": 0.1, "eps": 1e-6, "weight_decay": 0.01}, const(0.1)),
    ("rmsprop", "rmsprop_default", {}, const(0.01)),
    ("rmsprop", "rmsprop_momentum", {"alpha": 0.95, "momentum": 0.9}, const(0.005)),
    ("rmsprop", "rmsprop_centered", {"centered": True, "eps": 1e-6}, const(0.01)),
    ("rmsprop", "rmsprop_centered_momentum_wd",
     {"alpha": 0.9, "eps": 1e-6, "momentum": 0.5, "centered": True, "weight_decay": 0.01}, cosine(0.01, 0.0, 30)),
    ("adam", "adam_default", {}, const(1e-3)),
    ("adam", "adam_wd", {"betas": (0.8, 0.99), "eps": 1e-6, "weight_decay": 0.1}, const(0.01)),
    ("adam", "adam_amsgrad_wd", {"betas": (0.85, 0.995), "weight_decay": 0.05, "amsgrad": True}, cosine(0.02, 0.001, 50)),
    ("adamw", "adamw_default", {}, const(1e-3)),
    ("adamw", "adamw_amsgrad", {"betas": (0.8, 0.99), "eps": 1e-6, "weight_decay": 0.1, "amsgrad": True}, const(0.01)),
]

OPT = {
    "sgd": torch.optim.SGD,
    "adagrad": torch.optim.Adagrad,
    "rmsprop": torch.optim.RMSprop,
    "adam": torch.optim.Adam,
    "adamw": torch.optim.AdamW,
}


class F32(float):
    """A float32 value, written as the shortest decimal that reads back to it."""


def flat(t):
    return [F32(x) for x in t.reshape(-1).tolist()]


def dumps(v):
    if isinstance(v, F32):
        return str(np.float32(v))
    if isinstance(v, dict):
        return "{" + ",".join(json.dumps(k) + ":" + dumps(x) for k, x in v.items()) + "}"
    if isinstance(v, (list, tuple)):
        return "[" + ",".join(dumps(x) for x in v) + "]"
    return json.dumps(v)


def run(kind, hp, lrs):
    params = {k: torch.nn.Parameter(v.clone()) for k, v in init.items()}
    opt = OPT[kind](list(params.values()), lr=lrs[0], foreach=False, **hp)
    traj = []
    for t in range(STEPS):
        for g in opt.param_groups:
            g["lr"] = lrs[t]
        for k, p in params.items():
            p.grad = grads[t][k].clone()
        opt.step()
        traj.append({k: flat(p.detach()) for k, p in params.items()})
    return traj


def schedule_values(make, n, lr=0.1):
    p = torch.nn.Parameter(torch.zeros(1))
    opt = torch.optim.SGD([p], lr=lr)
    sched = make(opt)
    out = []
    for _ in range(n):
        out.append(opt.param_groups[0]["lr"])
        opt.step()
        sched.step()
    return out


def main():
    out = {
        "torch_version": torch.__version__,
        "steps": STEPS,
        "shapes": {k: list(s) for k, s in SHAPES.items()},
        "init": {k: flat(v) for k, v in init.items()},
        "grads": [{k: flat(v) for k, v in g.items()} for g in grads],
        "cases": [],
        "schedules": {
            "StepLR(lr=0.1,step_size=3,gamma=0.5)":
                schedule_values(lambda o: torch.optim.lr_scheduler.StepLR(o, step_size=3, gamma=0.5), 30),
            "ExponentialLR(lr=0.1,gamma=0.9)":
                schedule_values(lambda o: torch.optim.lr_scheduler.ExponentialLR(o, gamma=0.9), 30),
            "CosineAnnealingLR(lr=0.1,T_max=10,eta_min=0.001)":
                schedule_values(lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, T_max=10, eta_min=0.001), 35),
        },
    }
    for kind, name, hp, lrs in CASES:
        out["cases"].append({"optimizer": kind, "name": name, "hyper": hp, "lrs": lrs,
                             "trajectory": run(kind, hp, lrs)})
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "golden.json")
    with open(path + ".tmp", "w") as f:
        f.write(dumps(out) + "\n")
    os.replace(path + ".tmp", path)


if __name__ == "__main__":
    main()
