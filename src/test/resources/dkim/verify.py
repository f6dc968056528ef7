# Verifies every DKIM-Signature of each .eml given with dkimpy (Debian python3-dkim), the public keys coming
# from a JSON file of TXT records ({"sel._domainkey.example.com": "v=DKIM1; k=rsa; p=..."}) through dnsfunc.
# Prints one line per signature: <file> <index> <algorithm> pass|fail
import json
import re
import sys

import dkim

records = json.load(open(sys.argv[1]))


def txt(name, timeout=5):
    return records.get(name.decode().rstrip('.'), '').encode()


for path in sys.argv[2:]:
    message = open(path, 'rb').read()
    header = message.split(b'\r\n\r\n', 1)[0]
    count = len(re.findall(rb'(?im)^dkim-signature:', header))
    checker = dkim.DKIM(message)
    for index in range(count):
        try:
            ok = checker.verify(idx=index, dnsfunc=txt)
        except dkim.ValidationError:  # e.g. "body hash mismatch": dkimpy raises where it could say False
            ok = False
        algorithm = checker.signature_fields.get(b'a', b'?').decode()
        print(path, index, algorithm, 'pass' if ok else 'fail')
    if count == 0:
        print(path, '-', '-', 'unsigned')
