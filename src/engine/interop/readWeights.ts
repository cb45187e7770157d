// A weights file → its state_dict, whichever of the two formats it is in: safetensors is told
// apart by its name or by its first bytes (a little-endian header length, whose top bytes are 0 for
// any header under 256 TB, and JSON text never holds a NUL byte), so a renamed file still reads;
// anything else must be a JSON state_dict. A PyTorch pickle (`torch.save`) is recognised
// and answered with how to save the state_dict in a readable format instead.

import { ImportError, MAX_WEIGHTS_BYTES, type StateDict } from './stateDict';
import { readSafetensors } from './safetensors';
import { readJsonStateDict } from './stateDictJson';
import { byteSize } from '../parse/wording';

declare const TextDecoder: new (label: string, options: { fatal: boolean }) => { decode(bytes: Uint8Array): string };

/** What to write instead of `torch.save`, as the README shows it. */
export const SAVE_STATE_DICT_HINT =
  'save it with json.dump({k: v.tolist() for k, v in model.state_dict().items()}, open("weights.json", "w")) ' +
  'or safetensors.torch.save_file(model.state_dict(), "weights.safetensors")';

export function readWeights(bytes: Uint8Array, fileName = ''): StateDict {
  if (bytes.length > MAX_WEIGHTS_BYTES)
    throw new ImportError(
      `the file is ${byteSize(bytes.length)}, more than the ${byteSize(MAX_WEIGHTS_BYTES)} a model's weights can take`,
    );
  if (/\.safetensors$/i.test(fileName) || (bytes.length >= 8 && bytes[6] === 0 && bytes[7] === 0))
    return readSafetensors(bytes);
  // torch.save writes a zip archive (PK\x03\x04) or, before PyTorch 1.6, a raw pickle (0x80 0x02).
  if ((bytes[0] === 0x50 && bytes[1] === 0x4b) || bytes[0] === 0x80)
    throw new ImportError(`this is a PyTorch pickle (torch.save), which is not read here; ${SAVE_STATE_DICT_HINT}`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ImportError('the file is neither a safetensors file nor a JSON state_dict (it is not UTF-8 text)');
  }
  return readJsonStateDict(text);
}
