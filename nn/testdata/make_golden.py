"""Golden files for nn's PyTorch interoperability test (nn/golden_test.go).

Run from the repository root with Debian's PyTorch 1.13:

    /usr/bin/python3 nn/testdata/make_golden.py

With --check MODEL INPUT it goes the other way (used by TestPyTorchLoadsGoFile
when SIMDML_PYTHON is set): it rebuilds the nn.Sequential described by a
model file that Go wrote, loads its tensors as the state_dict and prints, as
JSON, the outputs for the float32 rows in the JSON file INPUT.

It builds small nn.Sequential MLPs with fixed (seeded) weights and inputs,
writes each as a safetensors model file in simdml's layout (state_dict
tensors plus "format"/"architecture" metadata, see nn/modelfile.go) by hand,
because the safetensors package is not installed, and writes golden.json
with the outputs and, for each loss, the loss value and the gradients of
every parameter. Losses follow simdml's definitions (the batch mean of a
per-example loss summed over outputs, MSE with the course's 1/2), written
with PyTorch's reduction='sum' divided by the batch size m.
"""
import json
import os
import struct

import numpy as np
import torch
import torch.nn as tnn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
torch.manual_seed(20240611)

DTYPES = {torch.float32: "F32", torch.float64: "F64", torch.float16: "F16", torch.bfloat16: "BF16"}


def spec(model):
    out = []
    for m in model:
        if isinstance(m, tnn.Linear):
            out.append({"type": "Linear", "in_features": m.in_features, "out_features": m.out_features})
        elif isinstance(m, tnn.Softmax):
            out.append({"type": "Softmax"})
        else:
            out.append({"type": type(m).__name__})
    return out


def to_bytes(t):
    t = t.detach().contiguous()
    if t.dtype == torch.bfloat16:  # numpy has no bfloat16: take the raw bits
        return t.view(torch.int16).numpy().astype("<i2").tobytes()
    return t.numpy().astype(t.numpy().dtype.newbyteorder("<")).tobytes()


def write_safetensors(path, model, dtype=torch.float32):
    header = {"__metadata__": {
        "format": "simdml.Sequential/1",
        "architecture": json.dumps(spec(model), separators=(",", ":")),
    }}
    blobs, off = [], 0
    for name, t in model.state_dict().items():
        b = to_bytes(t.to(dtype))
        header[name] = {"dtype": DTYPES[dtype], "shape": list(t.shape), "data_offsets": [off, off + len(b)]}
        blobs.append(b)
        off += len(b)
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * (-len(h) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)


def read_safetensors(path):
    """Parse a safetensors file (F32 only, as simdml writes) into
    (metadata, {name: tensor})."""
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n])
    data = raw[8 + n:]
    meta = header.pop("__metadata__", {})
    tensors = {}
    for name, info in header.items():
        assert info["dtype"] == "F32", info["dtype"]
        b, e = info["data_offsets"]
        arr = np.frombuffer(data[b:e], dtype="<f4").reshape(info["shape"])
        tensors[name] = torch.from_numpy(arr.copy())
    return meta, tensors


def build(arch):
    mods = []
    for l in json.loads(arch):
        t = l["type"]
        if t == "Linear":
            mods.append(tnn.Linear(l["in_features"], l["out_features"]))
        elif t == "Softmax":
            mods.append(tnn.Softmax(dim=1))
        else:
            mods.append(getattr(tnn, t)())
    return tnn.Sequential(*mods)


def check(model_path, input_path):
    meta, tensors = read_safetensors(model_path)
    assert meta["format"] == "simdml.Sequential/1", meta
    model = build(meta["architecture"])
    model.load_state_dict(tensors)  # strict: names and shapes must match
    with open(input_path) as f:
        x = torch.tensor(json.load(f), dtype=torch.float32)
    with torch.no_grad():
        print(json.dumps(rows(model(x))))


def flat(t):
    return [float(v) for v in t.detach().reshape(-1).tolist()]


def rows(t):
    return [[float(v) for v in r] for r in t.detach().tolist()]


def run_loss(model, x, loss_fn):
    model.zero_grad()
    out = model(x)
    loss = loss_fn(out)
    loss.backward()
    return float(loss), {n: flat(p.grad) for n, p in model.named_parameters()}


def main():
    m = 6
    x = torch.randn(m, 5)
    models = {
        "tanh_relu": tnn.Sequential(tnn.Linear(5, 7), tnn.Tanh(), tnn.Linear(7, 6), tnn.ReLU(), tnn.Linear(6, 4)),
        "sigmoid": tnn.Sequential(tnn.Linear(5, 7), tnn.Sigmoid(), tnn.Linear(7, 3), tnn.Sigmoid()),
        "softmax": tnn.Sequential(tnn.Linear(5, 8), tnn.ReLU(), tnn.Linear(8, 4), tnn.Softmax(dim=1)),
    }
    y4 = torch.randn(m, 4)
    labels = torch.randint(0, 4, (m,))
    soft = torch.softmax(torch.randn(m, 4), dim=1)
    y01_4 = torch.rand(m, 4)
    y01_3 = (torch.rand(m, 3) > 0.5).float()
    losses = {
        "tanh_relu": {
            "mse": ({"y": rows(y4)}, lambda o: 0.5 * ((o - y4) ** 2).sum() / m),
            "ce_labels": ({"labels": labels.tolist()}, lambda o: F.cross_entropy(o, labels, reduction="sum") / m),
            "ce_soft": ({"y": rows(soft)}, lambda o: F.cross_entropy(o, soft, reduction="sum") / m),
            "bce_logits": ({"y": rows(y01_4)},
                           lambda o: F.binary_cross_entropy_with_logits(o, y01_4, reduction="sum") / m),
        },
        "sigmoid": {
            "bce": ({"y": rows(y01_3)}, lambda o: F.binary_cross_entropy(o, y01_3, reduction="sum") / m),
        },
        "softmax": {
            "mse": ({"y": rows(soft)}, lambda o: 0.5 * ((o - soft) ** 2).sum() / m),
        },
    }
    golden = {"x": rows(x), "models": {}}
    for name, model in models.items():
        fname = name + ".safetensors"
        write_safetensors(os.path.join(HERE, fname), model)
        entry = {"file": fname, "out": rows(model(x)), "losses": {}}
        for lname, (targets, fn) in losses[name].items():
            loss, grads = run_loss(model, x, fn)
            entry["losses"][lname] = dict(targets, loss=loss, grads=grads)
        golden["models"][name] = entry
    # The same tanh_relu model stored as F64, F16 and BF16: outputs of the
    # weights rounded to that type (F64 holds the float32 values exactly).
    base = models["tanh_relu"]
    golden["dtypes"] = {}
    for dt in (torch.float64, torch.float16, torch.bfloat16):
        fname = "tanh_relu_%s.safetensors" % DTYPES[dt].lower()
        write_safetensors(os.path.join(HERE, fname), base, dt)
        rounded = tnn.Sequential(*[type(l)(l.in_features, l.out_features) if isinstance(l, tnn.Linear) else l
                                   for l in base])
        rounded.load_state_dict({k: v.to(dt).float() for k, v in base.state_dict().items()})
        golden["dtypes"][DTYPES[dt]] = {"file": fname, "out": rows(rounded(x))}
    with open(os.path.join(HERE, "golden.json"), "w") as f:
        json.dump(golden, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    import sys
    if len(sys.argv) == 4 and sys.argv[1] == "--check":
        check(sys.argv[2], sys.argv[3])
    else:
        main()
