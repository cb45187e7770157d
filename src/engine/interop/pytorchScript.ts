// `rnn-step export FILE --to pytorch`: a self-contained PyTorch script — nn.RNN / nn.LSTM / nn.GRU
// (one layer, one direction) and an nn.Linear head in float64, holding the file's weights — in
// which autograd computes the gradients. The file's parameters map onto PyTorch's as the import
// reads them back (pytorchMapping.ts): gate blocks stacked in PyTorch's order (LSTM i f g o, GRU
// r z n), each bias whole in bias_ih with bias_hh zero (PyTorch adds the two), except the GRU's
// b_hn, which is bias_hh's n block. bias_hh's other blocks are kept at zero during training (frozen,
// or their gradient masked), so that clip_grad_norm_ and SGD see exactly the file's parameters.

import type { Model } from '../model';
import { GATE_ORDER } from './pytorchMapping';
import { PY_MAIN_HELPERS, scriptHeader, sequenceSection, weightsSection } from './pythonData';

const MODULE = { rnn: 'nn.RNN', lstm: 'nn.LSTM', gru: 'nn.GRU' } as const;

function loadCode(m: Model): string {
  const gates = GATE_ORDER[m.cell];
  const cat = (f: (g: string) => string): string =>
    `torch.cat([${gates.map((g) => `P[${JSON.stringify(f(g))}]`).join(', ')}])`;
  const bias = m.cell === 'gru' ? cat((g) => (g === 'n' ? 'b_xn' : `b_${g}`)) : cat((g) => `b_${g}`);
  const biasHh =
    m.cell === 'gru' ? 'torch.cat([torch.zeros(2 * H), P["b_hn"]])' : 'torch.zeros(H * ' + gates.length + ')';
  return `def load(net, P):
    """The file's parameters into PyTorch's layout (gate blocks stacked ${gates.join(' ')})."""
    with torch.no_grad():
        net.rnn.weight_ih_l0.copy_(${cat((g) => `W_x${g}`)})
        net.rnn.weight_hh_l0.copy_(${cat((g) => `W_h${g}`)})
        net.rnn.bias_ih_l0.copy_(${bias})
        net.rnn.bias_hh_l0.copy_(${biasHh})
        net.head.weight.copy_(P["W_hy"])
        net.head.bias.copy_(P["b_y"])`;
}

function splitCode(m: Model): string {
  const lines: string[] = [];
  GATE_ORDER[m.cell].forEach((g, k) => {
    const rows = `${k} * H:${k + 1} * H`;
    lines.push(
      `    out["W_x${g}"] = of(rnn.weight_ih_l0)[${rows}]`,
      `    out["W_h${g}"] = of(rnn.weight_hh_l0)[${rows}]`,
    );
    if (m.cell === 'gru' && g === 'n')
      lines.push(`    out["b_xn"] = of(rnn.bias_ih_l0)[${rows}]`, `    out["b_hn"] = of(rnn.bias_hh_l0)[${rows}]`);
    else lines.push(`    out["b_${g}"] = of(rnn.bias_ih_l0)[${rows}] + of(rnn.bias_hh_l0)[${rows}]`);
  });
  return `def file_tensors(net, of):
    """PyTorch's parameters (of=value) or their gradients (of=grad) under the file's names. A bias
    is bias_ih + bias_hh (each has the same gradient, ∂L/∂b); the GRU's b_hn is bias_hh's n block."""
    rnn, out = net.rnn, {}
${lines.join('\n')}
    out["W_hy"], out["b_y"] = of(net.head.weight), of(net.head.bias)
    return {k: out[k].detach().clone() for k in PARAM_NAMES}


def value(p):
    return p


def grad(p):
    return p.grad if p.grad is not None else torch.zeros_like(p)`;
}

function runCode(m: Model): string {
  const lstm = m.cell === 'lstm';
  const ce = m.loss === 'cross-entropy';
  const recurrence = lstm
    ? `    # Step by step, because nn.LSTM returns only the last cell state and the stepper shows every c_t.
    h, c, hs, cs = h_0, c_0, [], []
    for t in range(T):
        _, (h, c) = net.rnn(x[t].view(1, 1, I), (h, c))
        hs.append(h.view(H))
        cs.append(c.view(H))
    hidden, cells = torch.stack(hs), torch.stack(cs)`
    : `    out, _ = net.rnn(x.view(T, 1, I), h_0)
    hidden, cells = out.view(T, H), None`;
  const perStep = ce
    ? `F.cross_entropy(y[t - 1 : t], torch.tensor([k]), reduction="sum")`
    : `0.5 * ((y[t - 1] - k) ** 2).sum()`;
  return `def run(net):
    """The forward pass and the loss; h_0${lstm ? ', c_0 are leaves' : ' is a leaf'}: autograd gives ∂L/∂h_0${lstm ? ', ∂L/∂c_0' : ''} too."""
    h_0 = torch.tensor(h0).view(1, 1, H).requires_grad_()
${lstm ? '    c_0 = torch.tensor(c0).view(1, 1, H).requires_grad_()\n' : '    c_0 = None\n'}${recurrence}
    y = net.head(hidden)  # y_t = W_hy h_t + b_y, all t at once
    ell = {t: ${perStep} for t, k in target.items()}
    count = len(ell)
    L_sum = sum(ell.values()) if count > 0 else (y * 0).sum()  # no target: L = 0, every gradient 0
    L = L_sum / count if REDUCTION == "mean" and count > 0 else L_sum
    return {"L": L, "L_sum": L_sum, "ell": ell, "count": count, "hidden": hidden, "cells": cells, "y": y,
            "h_0": h_0, "c_0": c_0}`;
}

export function pytorchScript(m: Model): string {
  const lstm = m.cell === 'lstm';
  const ce = m.loss === 'cross-entropy';
  const module =
    m.cell === 'rnn' && m.activation === 'relu' ? 'nn.RNN(I, H, nonlinearity="relu")' : `${MODULE[m.cell]}(I, H)`;
  const freeze =
    m.cell === 'gru'
      ? `# bias_hh's r and z blocks stay zero (the file's b_r, b_z are whole in bias_ih); its n block is b_hn.
net.rnn.bias_hh_l0.register_hook(lambda g: g * torch.cat([torch.zeros(2 * H), torch.ones(H)]))`
      : `# bias_hh stays zero: the file's biases are whole in bias_ih (PyTorch adds the two).
net.rnn.bias_hh_l0.requires_grad_(False)`;
  const xCode =
    m.inputs.kind === 'tokens'
      ? 'x = torch.eye(I)[[vocab.index(tok) for tok in inputs]]  # T × I, one-hot rows'
      : 'x = torch.tensor(inputs)  # T × I';
  const targetCode =
    m.targets.kind === 'tokens'
      ? 'target = {t: classes.index(k) for t, k in enumerate(targets, 1) if k is not None}  # class ids'
      : 'target = {t: torch.tensor(v) for t, v in enumerate(targets, 1) if v is not None}';
  return `${scriptHeader(m, `${MODULE[m.cell]} and an nn.Linear head in PyTorch`, [
    '#   --save-state-dict W.json    also write the state_dict as JSON (after --steps N: the trained one)',
    '#   --save-safetensors W.st     also write it as .safetensors; `rnn-step import` reads both back',
  ])}

import argparse
import json
import math
import struct
import sys

import torch
import torch.nn.functional as F
from torch import nn

torch.set_default_dtype(torch.float64)

NAME, CELL = ${JSON.stringify(m.name)}, ${JSON.stringify(m.cell)}
${sequenceSection(m)}

${weightsSection(m)}
params = {k: torch.tensor(v) for k, v in params.items()}
${xCode}
${targetCode}


class Net(nn.Module):
    """${MODULE[m.cell]} (one layer, one direction) and a linear head: y_t = W_hy h_t + b_y."""

    def __init__(self):
        super().__init__()
        self.rnn = ${module}
        self.head = nn.Linear(H, O)


${loadCode(m)}


${splitCode(m)}


${runCode(m)}


${PY_MAIN_HELPERS}


def save_safetensors(state, path):
    """The safetensors format: 8-byte little-endian header length, a JSON header, raw data."""
    try:
        from safetensors.torch import save_file
    except ImportError:
        save_file = None
    if save_file is not None:
        save_file({k: v.contiguous() for k, v in state.items()}, path)
        return
    header, blobs, offset = {}, [], 0
    for k, v in state.items():  # the package is not installed: the same layout, written here
        data = struct.pack("<%dd" % v.numel(), *v.flatten().tolist())
        header[k] = {"dtype": "F64", "shape": list(v.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


def save(net, args):
    state = net.state_dict()
    if args.save_state_dict:
        with open(args.save_state_dict, "w") as f:
            json.dump({k: v.tolist() for k, v in state.items()}, f)
        print("wrote " + args.save_state_dict, file=sys.stderr)
    if args.save_safetensors:
        save_safetensors(state, args.save_safetensors)
        print("wrote " + args.save_safetensors, file=sys.stderr)


net = Net()
load(net, params)
${freeze}
trainable = [p for p in net.parameters() if p.requires_grad]
optimizer = torch.optim.SGD(trainable, lr=LEARNING_RATE)


def train_step():
    """Forward, loss, autograd's BPTT, clip_grad_norm_, one SGD step; returns what it saw."""
    optimizer.zero_grad()
    R = run(net)
    R["L"].backward()
    R["grads"] = file_tensors(net, grad)
    R["norm"] = float(nn.utils.clip_grad_norm_(trainable, CLIP_NORM if CLIP_NORM is not None else math.inf))
    optimizer.step()
    return R


def main():
    parser = argparse.ArgumentParser(description="The model's run in PyTorch, printed as JSON.")
    parser.add_argument("--steps", type=int, metavar="N", help="train N steps and print the losses")
    parser.add_argument("--save-state-dict", metavar="W.json", help="write the state_dict as JSON")
    parser.add_argument("--save-safetensors", metavar="W.safetensors", help="write it as safetensors")
    args = parser.parse_args()
    if args.steps is not None and args.steps < 1:
        parser.error("--steps must be at least 1")
    if args.steps is not None:
        losses = [train_step()["L"].item() for _ in range(args.steps)]
        weights = file_tensors(net, value)
        weights = {k: weights[k].tolist() for k in PARAM_NAMES}
        print_json({"steps": len(losses), "losses": losses, "weights": weights})
        save(net, args)
        return
    save(net, args)  # the file's weights, before the update
    R = train_step()
    updated = file_tensors(net, value)
    gradients = {k: R["grads"][k].tolist() for k in PARAM_NAMES}
    gradients["h0"] = R["h_0"].grad.view(H).tolist()
${lstm ? '    gradients["c0"] = R["c_0"].grad.view(H).tolist()\n' : ''}    count = R["count"]
    out = {"name": NAME, "cell": CELL, "reduction": REDUCTION, "loss": R["L"].item()}
    out["lossSum"] = R["L_sum"].item()
    out["meanLoss"] = R["L_sum"].item() / count if count > 0 else None
    out["targetCount"] = count
    out["losses"] = [R["ell"][t].item() if t in R["ell"] else None for t in range(1, T + 1)]
    out["hidden"] = R["hidden"].tolist()
${lstm ? '    out["cellStates"] = R["cells"].tolist()\n' : ''}    out["outputs"] = R["y"].tolist()
${ce ? '    out["probabilities"] = torch.softmax(R["y"], 1).tolist()\n' : ''}    factor = 1.0 if CLIP_NORM is None else min(1.0, CLIP_NORM / (R["norm"] + 1e-6))
    out.update({"gradients": gradients, "gradNorm": R["norm"], "clipFactor": factor})
    out["learningRate"] = LEARNING_RATE
    out["updated"] = {k: updated[k].tolist() for k in PARAM_NAMES}
    print_json(out)


if __name__ == "__main__":
    main()
`;
}
