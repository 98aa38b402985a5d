#!/usr/bin/env python3
"""Make synthetic 84-character common annotated keys (Azure DevOps PATs, Azure AI services keys) with a valid
checksum, for rule examples. An independent implementation of the format SecretScan.Core.CommonAnnotatedKey
checks, so a bug shared by generator and checker is unlikely.

usage: common-annotated-key.py PROVIDER_SIGNATURE [COUNT] [--bad]   (--bad: flip the checksum, for negatives)
"""
import base64, os, random, string, sys

M = 0xFFFFFFFF
def rotl(x, n): return ((x << n) | (x >> (32 - n))) & M

def marvin32(data: bytes, seed: int) -> int:
    p0, p1 = seed & M, seed >> 32
    def block(p0, p1):
        p1 ^= p0; p0 = rotl(p0, 20)
        p0 = (p0 + p1) & M; p1 = rotl(p1, 9)
        p1 ^= p0; p0 = rotl(p0, 27)
        p0 = (p0 + p1) & M; p1 = rotl(p1, 19)
        return p0, p1
    i = 0
    while i + 4 <= len(data):
        p0 = (p0 + int.from_bytes(data[i:i + 4], 'little')) & M
        p0, p1 = block(p0, p1); i += 4
    last = data[i:] + b'\x80'
    p0 = (p0 + int.from_bytes(last.ljust(4, b'\0'), 'little')) & M
    p0, p1 = block(p0, p1)
    p0, p1 = block(p0, p1)
    return p0 ^ p1

SEED = int.from_bytes(b'Default0', 'big')
ALNUM = string.ascii_letters + string.digits

def make(signature: str, rng: random.Random, bad: bool) -> str:
    while True:
        head = ''.join(rng.choice(ALNUM) for _ in range(52)) + 'JQQJ99' + rng.choice(ALNUM) + rng.choice('ABCDEFGHIJKL') \
            + ''.join(rng.choice(ALNUM) for _ in range(16)) + signature
        checksum = marvin32(base64.b64decode(head), SEED)
        if bad: checksum ^= 0x5A5A5A
        tail = base64.b64encode(checksum.to_bytes(4, 'little')[:3]).decode()
        if '+' not in tail and '/' not in tail: return head + tail

if __name__ == '__main__':
    args = [a for a in sys.argv[1:] if not a.startswith('--')]
    rng = random.Random(os.urandom(8))
    for _ in range(int(args[1]) if len(args) > 1 else 1):
        print(make(args[0], rng, '--bad' in sys.argv))
