// PLACEHOLDER (being written): the rnn-step CLI.
export {};
