// `rnn-step export FILE --to numpy`: a self-contained NumPy script that computes what the stepper
// shows — the forward pass, the loss and BPTT written out as equations with the panel's names
// (a_t, h_t, δh_t^out, δa_t, …; src/engine/trace/trace.ts, SERIES) in the same order of operations
// as the engine (src/engine/compute/forward.ts, loss.ts, bptt.ts, optimize.ts), so that a student
// can read it beside the stepper and its numbers agree with the engine's to rounding.

import { PARAM_NAMES, type CellKind, type Model } from '../model';
import { PY_MAIN_HELPERS, pyList, scriptHeader, sequenceSection, weightsSection } from './pythonData';

const FORWARD: Readonly<Record<CellKind, (relu: boolean) => string>> = {
  rnn: (relu) => `    a, h, y = {}, {0: h0}, {}
    for t in range(1, T + 1):
        a[t] = W_hh @ h[t - 1] + W_xh @ x[t] + b_h
        h[t] = ${relu ? 'np.where(a[t] > 0, a[t], 0.0)  # relu' : 'np.tanh(a[t])'}
        y[t] = W_hy @ h[t] + b_y
    return {"a": a, "h": h, "y": y}`,
  lstm: () => `    a_i, a_f, a_g, a_o, i, f, g, o, c, tc, h, y = {}, {}, {}, {}, {}, {}, {}, {}, {0: c0}, {}, {0: h0}, {}
    for t in range(1, T + 1):
        a_i[t] = W_hi @ h[t - 1] + W_xi @ x[t] + b_i
        a_f[t] = W_hf @ h[t - 1] + W_xf @ x[t] + b_f
        a_g[t] = W_hg @ h[t - 1] + W_xg @ x[t] + b_g
        a_o[t] = W_ho @ h[t - 1] + W_xo @ x[t] + b_o
        i[t] = sigmoid(a_i[t])  # input gate
        f[t] = sigmoid(a_f[t])  # forget gate
        g[t] = np.tanh(a_g[t])  # candidate
        o[t] = sigmoid(a_o[t])  # output gate
        c[t] = f[t] * c[t - 1] + i[t] * g[t]
        tc[t] = np.tanh(c[t])
        h[t] = o[t] * tc[t]
        y[t] = W_hy @ h[t] + b_y
    return {"i": i, "f": f, "g": g, "o": o, "c": c, "tc": tc, "h": h, "y": y}`,
  gru: () => `    a_r, a_z, r, z, m, a_n, n, h, y = {}, {}, {}, {}, {}, {}, {}, {0: h0}, {}
    for t in range(1, T + 1):
        a_r[t] = W_hr @ h[t - 1] + W_xr @ x[t] + b_r
        a_z[t] = W_hz @ h[t - 1] + W_xz @ x[t] + b_z
        r[t] = sigmoid(a_r[t])  # reset gate
        z[t] = sigmoid(a_z[t])  # update gate
        m[t] = W_hn @ h[t - 1] + b_hn  # the part the reset gate scales
        a_n[t] = W_xn @ x[t] + b_xn + r[t] * m[t]
        n[t] = np.tanh(a_n[t])  # candidate
        h[t] = (1 - z[t]) * n[t] + z[t] * h[t - 1]
        y[t] = W_hy @ h[t] + b_y
    return {"r": r, "z": z, "m": m, "n": n, "h": h, "y": y}`,
};

const grad = (delta: string, gate: string): string =>
  `        dW_x${gate} += np.outer(${delta}, x[t])
        dW_h${gate} += np.outer(${delta}, h[t - 1])
        db_${gate} += ${delta}`;

const BACKWARD: Readonly<Record<CellKind, (relu: boolean) => string>> = {
  rnn: (relu) => `    a, h = F["a"], F["h"]
    dh_next = np.zeros(H)  # δh_T^next = 0
    for t in range(T, 0, -1):
        dh_out = W_hy.T @ dy[t]
        dh = dh_out + dh_next
        da = ${relu ? 'dh * (a[t] > 0)  # relu′ = 1 where a_t > 0, else 0' : 'dh * (1 - h[t] ** 2)  # tanh′ = 1 − h_t²'}
        dh_prev = W_hh.T @ da
        dW_xh += np.outer(da, x[t])
        dW_hh += np.outer(da, h[t - 1])
        db_h += da
        dW_hy += np.outer(dy[t], h[t])
        db_y += dy[t]
        dh_next = dh_prev
    dh0 = dh_next`,
  lstm: () => `    i, f, g, o, c, tc, h = (F[k] for k in ("i", "f", "g", "o", "c", "tc", "h"))
    dh_next, dc_next = np.zeros(H), np.zeros(H)  # δh_T^next = δc_T^next = 0
    for t in range(T, 0, -1):
        dh_out = W_hy.T @ dy[t]
        dh = dh_out + dh_next
        dc = dh * o[t] * (1 - tc[t] ** 2) + dc_next
        da_o = dh * tc[t] * o[t] * (1 - o[t])
        da_i = dc * g[t] * i[t] * (1 - i[t])
        da_f = dc * c[t - 1] * f[t] * (1 - f[t])
        da_g = dc * i[t] * (1 - g[t] ** 2)
        dh_prev = W_hi.T @ da_i + W_hf.T @ da_f + W_hg.T @ da_g + W_ho.T @ da_o
        dc_prev = dc * f[t]
${grad('da_i', 'i')}
${grad('da_f', 'f')}
${grad('da_g', 'g')}
${grad('da_o', 'o')}
        dW_hy += np.outer(dy[t], h[t])
        db_y += dy[t]
        dh_next, dc_next = dh_prev, dc_prev
    dh0, dc0 = dh_next, dc_next`,
  gru: () => `    r, z, m, n, h = (F[k] for k in ("r", "z", "m", "n", "h"))
    dh_next = np.zeros(H)  # δh_T^next = 0
    for t in range(T, 0, -1):
        dh_out = W_hy.T @ dy[t]
        dh = dh_out + dh_next
        da_n = dh * (1 - z[t]) * (1 - n[t] ** 2)
        da_z = dh * (h[t - 1] - n[t]) * z[t] * (1 - z[t])
        dm = da_n * r[t]  # δm_t
        da_r = da_n * m[t] * r[t] * (1 - r[t])
        dh_prev = W_hr.T @ da_r + W_hz.T @ da_z + W_hn.T @ dm + dh * z[t]
${grad('da_r', 'r')}
${grad('da_z', 'z')}
        dW_xn += np.outer(da_n, x[t])
        db_xn += da_n
        dW_hn += np.outer(dm, h[t - 1])
        db_hn += dm
        dW_hy += np.outer(dy[t], h[t])
        db_y += dy[t]
        dh_next = dh_prev
    dh0 = dh_next`,
};

function lossCode(m: Model): string {
  const ce = m.loss === 'cross-entropy';
  const softmax = `        top = y[t].max()  # softmax(y_t), computed stably
        e = np.exp(y[t] - top)
        s = e.sum()
        p[t] = e / s
`;
  const perStep = ce
    ? `        ell[t] = top + np.log(s) - y[t][target[t]]  # −log p_t[target]: log-sum-exp minus the target's logit
        dy[t] = p[t] - np.eye(O)[target[t]]`
    : `        d = y[t] - target[t]
        ell[t] = 0.5 * np.sum(d * d)  # ½‖y_t − target_t‖²
        dy[t] = d`;
  return `def loss(y):
    """ℓ_t for every step with a target, L (${m.reduction} over ${ce ? 'cross-entropy' : 'mse'}) and δy_t = ∂L/∂y_t."""
    ell, p, dy = {}, {}, {}
    count = len(target)  # steps with a target
    for t in range(1, T + 1):
${ce ? softmax : ''}        if t not in target:
            dy[t] = np.zeros(O)  # no target: no loss, no gradient
            continue
${perStep}
        if REDUCTION == "mean":
            dy[t] = dy[t] / count
    L_sum = sum(ell.values(), 0.0)
    L = (L_sum / count if count > 0 else 0.0) if REDUCTION == "mean" else L_sum
    return {"ell": ell, "p": p, "dy": dy, "L": L, "L_sum": L_sum, "count": count}`;
}

export function numpyScript(m: Model): string {
  const names = PARAM_NAMES[m.cell];
  const relu = m.activation === 'relu';
  // `(a, b, …)` wrapped like the rest of the script, continuation lines under the first name.
  const tuple = (items: readonly string[]): string => `(${pyList(items, '    ', 96).slice(1, -1)})`;
  const unpack = `    ${tuple(names)} = (P[k] for k in PARAM_NAMES)`;
  const zeros = tuple(names.map((k) => `d${k}`));
  const lstm = m.cell === 'lstm';
  const c0Gradient = lstm ? '    gradients["c0"] = dc0.tolist()\n' : '';
  const ce = m.loss === 'cross-entropy';
  const xCode =
    m.inputs.kind === 'tokens'
      ? 'x = {t: np.eye(I)[vocab.index(inputs[t - 1])] for t in range(1, T + 1)}  # one-hot'
      : 'x = {t: np.array(inputs[t - 1], dtype=np.float64) for t in range(1, T + 1)}';
  const targetCode =
    m.targets.kind === 'tokens'
      ? 'target = {t: classes.index(k) for t, k in enumerate(targets, 1) if k is not None}  # class ids'
      : 'target = {t: np.array(v, dtype=np.float64) for t, v in enumerate(targets, 1) if v is not None}';
  return `${scriptHeader(m, 'forward pass, loss and BPTT in NumPy')}

import argparse
import json
import math

import numpy as np

NAME, CELL = ${JSON.stringify(m.name)}, ${JSON.stringify(m.cell)}
${sequenceSection(m)}

${weightsSection(m)}
params = {k: np.array(v, dtype=np.float64) for k, v in params.items()}
h0 = np.array(h0, dtype=np.float64)
${lstm ? 'c0 = np.array(c0, dtype=np.float64)\n' : ''}${xCode}
${targetCode}


def sigmoid(a):
    return 1 / (1 + np.exp(-a))


def forward(P):
    """The forward pass, t = 1…T, with the stepper panel's names."""
${unpack}
${FORWARD[m.cell](relu)}


${lossCode(m)}


def backward(P, F, dy):
    """BPTT, t = T…1: every ∂L/∂θ summed over t, and ∂L/∂h_0${lstm ? ', ∂L/∂c_0' : ''}."""
${unpack}
    ${zeros} = (np.zeros_like(P[k]) for k in PARAM_NAMES)
${BACKWARD[m.cell](relu)}
    grads = dict(zip(PARAM_NAMES, ${zeros}))
    return grads, dh0${lstm ? ', dc0' : ''}


def clip_and_update(P, G):
    """‖g‖ of all parameter gradients; c = min(1, clipNorm / (‖g‖ + 1e-6)); θ′ = θ − η·(c·g)."""
    norm = math.sqrt(sum(float(np.sum(G[k] * G[k])) for k in PARAM_NAMES))
    factor = 1.0 if CLIP_NORM is None else min(1.0, CLIP_NORM / (norm + 1e-6))
    return norm, factor, {k: P[k] - LEARNING_RATE * (factor * G[k]) for k in PARAM_NAMES}


def rows(series):
    return [series[t].tolist() for t in range(1, T + 1)]


${PY_MAIN_HELPERS}


def main():
    parser = argparse.ArgumentParser(description="The model's run in NumPy, printed as JSON.")
    parser.add_argument("--steps", type=int, metavar="N", help="train N steps and print the losses")
    args = parser.parse_args()
    if args.steps is not None and args.steps < 1:
        parser.error("--steps must be at least 1")
    if args.steps is not None:
        P, losses = params, []
        for _ in range(args.steps):
            F = forward(P)
            F.update(loss(F["y"]))
            G = backward(P, F, F["dy"])[0]
            losses.append(F["L"])
            P = clip_and_update(P, G)[2]
        weights = {k: P[k].tolist() for k in PARAM_NAMES}
        print_json({"steps": len(losses), "losses": losses, "weights": weights})
        return
    F = forward(params)
    F.update(loss(F["y"]))
    G, dh0${lstm ? ', dc0' : ''} = backward(params, F, F["dy"])
    norm, factor, updated = clip_and_update(params, G)
    count = F["count"]
    gradients = {k: G[k].tolist() for k in PARAM_NAMES}
    gradients["h0"] = dh0.tolist()
${c0Gradient}    out = {"name": NAME, "cell": CELL, "reduction": REDUCTION, "loss": F["L"], "lossSum": F["L_sum"]}
    out["meanLoss"] = F["L_sum"] / count if count > 0 else None
    out["targetCount"] = count
    out["losses"] = [F["ell"].get(t) for t in range(1, T + 1)]
    out["hidden"] = rows(F["h"])
${lstm ? '    out["cellStates"] = rows(F["c"])\n' : ''}    out["outputs"] = rows(F["y"])
${ce ? '    out["probabilities"] = rows(F["p"])\n' : ''}    out.update({"gradients": gradients, "gradNorm": norm, "clipFactor": factor})
    out["learningRate"] = LEARNING_RATE
    out["updated"] = {k: updated[k].tolist() for k in PARAM_NAMES}
    print_json(out)


if __name__ == "__main__":
    main()
`;
}
