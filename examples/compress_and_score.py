"""Compresses a text, decodes it again, and shows what it costs under the model."""
import sys
import lmz

model = lmz.Model(sys.argv[1] if len(sys.argv) > 1 else "cm", ctx=512)
text = "Once upon a time there was a little girl. She liked to play in the park with her dog."
archive = model.compress(text.encode())
scores = model.score(text)
print(f"{len(text)} bytes -> {len(archive)}, {scores.bits_per_byte:.3f} bits/byte under {model.name}, "
      f"round trip {'ok' if model.decompress(archive) == text.encode() else 'FAILED'}")
