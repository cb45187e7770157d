// The templates of "RNN: New Model…": each a complete `.rnn.json` text that runs as it is (a unit
// test parses and runs every one). Pure data, no vscode. The seed's two worked examples are the
// same as examples/, so a person starts from the numbers the tutorial explains; so are the two
// exercises on them (examples/exercise-*.rnn.json, with a `practice` section, docs/FORMAT.md).

export interface ModelTemplate {
  /** Quick-pick label. */
  readonly label: string;
  readonly description: string;
  /** The untitled document's name (it ends in .rnn.json so the extension picks it up). */
  readonly fileName: string;
  readonly text: string;
}

export const TEMPLATES: readonly ModelTemplate[] = [
  {
    label: 'Seed: hi there class !',
    description: 'the worked example: vanilla RNN, hidden size 1, next-word prediction',
    fileName: 'hi-there-class.rnn.json',
    text: `{
  // The seed's worked example: hidden size 1, next-word prediction over four tokens.
  "name": "hi there class !",
  "cell": "rnn",
  "vocab": ["hi", "there", "class", "!"],
  "inputs": ["hi", "there", "class", "!"],
  "targets": ["there", "class", "!", "!"],
  "weights": {
    "W_xh": [[0.5, -0.3, 0.8, 0.0]],
    "W_hh": [[0.2]],
    "b_h": [0.0],
    "W_hy": [[1.0], [0.5], [-0.5], [0.0]],
    "b_y": [0, 0, 0, 0]
  },
  "train": { "learningRate": 0.1 }
}
`,
  },
  {
    label: 'Seed: hi there (2 hidden units)',
    description: 'the first worked example: vanilla RNN, hidden size 2',
    fileName: 'hi-there-2-unit.rnn.json',
    text: `{
  // The seed's first example, hidden size 2. The seed writes W_xh as 2×2; with a vocab of four
  // tokens it must be hidden × input = 2 × 4, so the columns of "class" and "!" are zero here.
  "name": "hi there (2 hidden units)",
  "cell": "rnn",
  "vocab": ["hi", "there", "class", "!"],
  "inputs": ["hi", "there"],
  "targets": ["there", "class"],
  "h0": [0, 0],
  "weights": {
    "W_xh": [[0.5, 0.1, 0.0, 0.0],
             [-0.2, 0.8, 0.0, 0.0]],
    "W_hh": [[0.3, 0.4],
             [0.6, -0.1]],
    "b_h": [0.1, 0.1],
    "W_hy": [[0.1, 0.7],
             [-0.3, 0.2],
             [0.5, 0.4],
             [-0.6, -0.1]],
    "b_y": [0, 0, 0, 0]
  },
  "train": { "learningRate": 0.1 }
}
`,
  },
  {
    label: 'Exercise: compute h₁ … h₄ by hand',
    description: 'hi there class ! with a practice section: a₁, h₁ … a₄, h₄ by hand',
    fileName: 'exercise-forward.rnn.json',
    text: `{
  // An exercise on the worked example of hi-there-class.rnn.json: compute h₁ … h₄ by hand, each
  // pre-activation a_t first. Practice mode asks these steps; "rnn-step exercise" prints the sheet.
  "name": "Exercise: compute h₁ … h₄ by hand",
  "cell": "rnn",
  "vocab": ["hi", "there", "class", "!"],
  "inputs": ["hi", "there", "class", "!"],
  "targets": ["there", "class", "!", "!"],
  "weights": {
    "W_xh": [[0.5, -0.3, 0.8, 0.0]],
    "W_hh": [[0.2]],
    "b_h": [0.0],
    "W_hy": [[1.0], [0.5], [-0.5], [0.0]],
    "b_y": [0, 0, 0, 0]
  },
  "train": { "learningRate": 0.1 },
  "practice": {
    "ask": ["forward a", "forward h"],
    "tolerance": { "digits": 4 },
    "hints": true
  }
}
`,
  },
  {
    label: 'Exercise: backpropagate δa₄ … δa₁ and ∂L/∂W_hh',
    description: 'hi there class ! with a practice section: BPTT by hand',
    fileName: 'exercise-bptt.rnn.json',
    text: `{
  // An exercise on the worked example of hi-there-class.rnn.json: backpropagate δa₄ … δa₁ through
  // time, then ∂L/∂W_hh = Σ_t δa_t h_{t−1}. Practice mode asks these steps; "rnn-step exercise"
  // prints the sheet.
  "name": "Exercise: backpropagate δa₄ … δa₁ and ∂L/∂W_hh",
  "cell": "rnn",
  "vocab": ["hi", "there", "class", "!"],
  "inputs": ["hi", "there", "class", "!"],
  "targets": ["there", "class", "!", "!"],
  "weights": {
    "W_xh": [[0.5, -0.3, 0.8, 0.0]],
    "W_hh": [[0.2]],
    "b_h": [0.0],
    "W_hy": [[1.0], [0.5], [-0.5], [0.0]],
    "b_y": [0, 0, 0, 0]
  },
  "train": { "learningRate": 0.1 },
  "practice": {
    "ask": ["backward δa", "backward ∂L/∂W_hh"],
    "tolerance": { "digits": 4 },
    "hints": true
  }
}
`,
  },
  {
    label: 'LSTM: hello',
    description: 'character-level LSTM continuing “hello”, gradient clipping',
    fileName: 'lstm-hello.rnn.json',
    text: `{
  // A character-level LSTM learning to continue "hello": every gate is visible at every step.
  "name": "LSTM: hello",
  "cell": "lstm",
  "vocab": ["h", "e", "l", "o"],
  "inputs": "hell",
  "targets": "ello",
  "hiddenSize": 3,
  "weights": { "init": { "seed": 7 } },
  "train": { "learningRate": 0.1, "clipNorm": 5, "steps": 50 }
}
`,
  },
  {
    label: 'GRU: abc pattern',
    description: 'token-level GRU learning a repeating pattern',
    fileName: 'gru-pattern.rnn.json',
    text: `{
  // A GRU learning a repeating pattern: after "a" comes "b", after "b" comes "c", after "c" comes "a".
  // Hover a weight to see its gradient; the update gate z decides how much of h_{t-1} to keep.
  "name": "GRU: abc pattern",
  "cell": "gru",
  "vocab": ["a", "b", "c"],
  "inputs": "abcab",
  "targets": "bcabc",
  "hiddenSize": 4,
  "weights": { "init": { "seed": 3 } },
  "train": { "learningRate": 0.2, "steps": 100 }
}
`,
  },
  {
    label: 'Time series: sine wave',
    description: 'vector inputs, mean-squared error, mean reduction',
    fileName: 'sine-series.rnn.json',
    text: `{
  // A time series: a tanh RNN reads a sine wave (one number per step) and predicts the next value,
  // scored with mean-squared error. "RNN: Train…" fits it; the panel draws the loss curve.
  "name": "time series: next value of a sine wave",
  "cell": "rnn",
  "inputs": [[0.0], [0.7071], [1.0], [0.7071], [0.0], [-0.7071], [-1.0], [-0.7071]],
  "targets": [[0.7071], [1.0], [0.7071], [0.0], [-0.7071], [-1.0], [-0.7071], [0.0]],
  "loss": "mse",
  "reduction": "mean",
  "hiddenSize": 4,
  "weights": { "init": { "seed": 5 } },
  "train": { "learningRate": 0.1, "clipNorm": 5, "steps": 200 }
}
`,
  },
  {
    label: 'Many-to-one classifier: sentiment',
    description: 'reads a sentence, one target at the end (null elsewhere)',
    fileName: 'sentiment-classifier.rnn.json',
    text: `{
  // Many-to-one: read a whole sentence, classify it once at the end (null = no target at that step).
  "name": "many-to-one: sentiment",
  "cell": "rnn",
  "vocab": ["the", "movie", "was", "great", "awful"],
  "classes": ["positive", "negative"],
  "inputs": ["the", "movie", "was", "great"],
  "targets": [null, null, null, "positive"],
  "hiddenSize": 4,
  "weights": { "init": { "seed": 42 } },
  "train": { "learningRate": 0.5, "clipNorm": 1.0, "steps": 20 }
}
`,
  },
];
