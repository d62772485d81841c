"""Invented identity documents and phone numbers in each nation's real format.

Formats follow the issuing nations, so that checksums and lengths validate the way real
ones do; the numbers themselves are random. Check-digit rules are cited where used.
"""

from __future__ import annotations

import datetime as dt
import random

# Passport number shapes: a letter prefix and a count of digits.
_PASSPORTS: dict[str, tuple[tuple[str, ...], int]] = {
    "CN": (("E", "EA", "EB", "EC", "G"), 8),  # E12345678, EA1234567 (letter pairs take 7)
    "TW": (("3",), 8),  # 9 digits, most beginning with 3
    "KH": (("N",), 8),
    "TH": (("AA", "AB", "AC"), 7),
    "VN": (("C", "B", "N"), 7),
    "MY": (("A", "H"), 8),
    "HK": (("K", "H"), 8),
    "US": (("5", "6"), 8),
}

# Area codes of resident identity numbers (GB/T 2260) for the demo's home cities.
_CN_AREAS = ("350181", "350524", "445202", "440904", "530111", "350582", "330381")
# Letters of the Taiwanese national ID (Taipei, Taichung, Kaohsiung, Tainan, Taoyuan...).
_TW_LETTERS = {"A": 10, "B": 11, "D": 13, "E": 14, "H": 17, "L": 20, "N": 22, "T": 27}

# Mobile prefixes and the shape of the number in national format ("#" is a digit).
_MOBILE: dict[str, tuple[tuple[str, ...], str]] = {
    "KH": (("012", "017", "077", "092", "089", "010", "015", "016", "070", "085"), "{p} ### ###"),
    "CN": (("138", "139", "135", "186", "158", "177", "131", "150"), "{p} #### ####"),
    "TW": (("0912", "0928", "0933", "0955", "0972", "0988"), "{p}-###-###"),
    "TH": (("081", "082", "086", "089", "091", "095", "062", "063"), "{p}-###-####"),
    "VN": (("091", "090", "098", "097", "093", "035", "038"), "{p} ### ####"),
    "MY": (("012", "016", "017", "019"), "{p}-### ####"),
    "HK": (("9",), "{p}### ####"),
    # 555-0100 to 555-0199 are reserved for fiction in the North American plan.
    "US": (("626", "714", "415", "562", "213"), "({p}) 555-01##"),
}
_COUNTRY_CODES = {"KH": 855, "CN": 86, "TW": 886, "TH": 66, "VN": 84, "MY": 60, "HK": 852, "US": 1}
# Digit groups of the national significant number in international form.
_GROUPS = {
    "KH": (2, 3, 3),
    "CN": (3, 4, 4),
    "TW": (3, 3, 3),
    "TH": (2, 3, 4),
    "VN": (2, 3, 4),
    "MY": (2, 3, 4),
    "HK": (4, 4),
}


def _digits(rng: random.Random, count: int) -> str:
    return f"{rng.randrange(10**count):0{count}d}"


def passport_number(rng: random.Random, nation: str) -> str:
    """A passport number in the format of the nation's passports."""
    prefixes, digits = _PASSPORTS.get(nation, (("P",), 8))
    prefix = rng.choice(prefixes)
    if nation == "CN" and len(prefix) == 2:
        digits = 7
    return prefix + _digits(rng, digits)


def _cn_resident_id(rng: random.Random, birth: dt.date, male: bool) -> str:
    # GB 11643-1999: area, birth date, a sequence whose last digit is odd for men,
    # and an ISO 7064 MOD 11-2 check character.
    sequence = rng.randrange(0, 50) * 20 + rng.randrange(5) * 2 + (1 if male else 0)
    body = f"{rng.choice(_CN_AREAS)}{birth:%Y%m%d}{sequence:03d}"
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(d) * w for d, w in zip(body, weights, strict=True))
    return body + "10X98765432"[total % 11]


def _tw_national_id(rng: random.Random, male: bool) -> str:
    # Letter (as two digits), gender digit, seven digits and a check digit such that the
    # weighted sum (1, 9, 8, ..., 1, 1) is divisible by 10.
    letter = rng.choice(sorted(_TW_LETTERS))
    value = _TW_LETTERS[letter]
    body = ("1" if male else "2") + _digits(rng, 7)
    total = value // 10 + (value % 10) * 9
    total += sum(int(d) * w for d, w in zip(body, (8, 7, 6, 5, 4, 3, 2, 1), strict=True))
    return f"{letter}{body}{(10 - total % 10) % 10}"


def _th_national_id(rng: random.Random) -> str:
    # Thirteen digits; the last is (11 - sum(d_i * (13 - i)) mod 11) mod 10.
    body = str(rng.randrange(1, 9)) + _digits(rng, 11)
    total = sum(int(d) * (13 - i) for i, d in enumerate(body))
    return body + str((11 - total % 11) % 10)


def _vn_citizen_id(rng: random.Random, birth: dt.date, male: bool) -> str:
    # Twelve digits: province, a digit for century and gender, two of the birth year.
    province = rng.choice(("001", "079", "072", "089", "031"))
    century = (0 if male else 1) + (2 if birth.year >= 2000 else 0)
    return f"{province}{century}{birth:%y}{_digits(rng, 6)}"


def national_id(rng: random.Random, nation: str, birth: dt.date, male: bool) -> str | None:
    """A national identity number, for the nations whose format the demo knows."""
    if nation == "CN":
        return _cn_resident_id(rng, birth, male)
    if nation == "TW":
        return _tw_national_id(rng, male)
    if nation == "TH":
        return _th_national_id(rng)
    if nation == "VN":
        return _vn_citizen_id(rng, birth, male)
    if nation == "KH":
        return _digits(rng, 9)
    return None


def phone_number(rng: random.Random, nation: str) -> str:
    """A mobile number written the way the nation writes it at home."""
    prefixes, pattern = _MOBILE[nation]
    digits = iter(_digits(rng, pattern.count("#")))
    shaped = "".join(next(digits) if ch == "#" else ch for ch in pattern)
    return shaped.format(p=rng.choice(prefixes))


def international(number: str, nation: str) -> str:
    """A nationally written number in international form (+855 12 345 678)."""
    digits = "".join(ch for ch in number if ch.isdigit())
    if nation == "US":
        return f"+1 {digits[:3]}-{digits[3:6]}-{digits[6:]}"
    if digits.startswith("0"):  # the trunk prefix is not dialled from abroad
        digits = digits[1:]
    groups, start = [], 0
    for size in _GROUPS[nation]:
        groups.append(digits[start : start + size])
        start += size
    return f"+{_COUNTRY_CODES[nation]} " + " ".join(groups)


_LOOKALIKE = {"0": "O", "O": "0", "1": "I", "I": "1", "5": "S", "8": "B"}


def mistype_document(rng: random.Random, number: str) -> str:
    """The number as a clerk copied it wrongly: two digits swapped, or O for 0."""
    chars = list(number)
    spots = [i for i, ch in enumerate(chars) if ch in _LOOKALIKE]
    if spots and rng.random() < 0.4:
        i = rng.choice(spots)
        chars[i] = _LOOKALIKE[chars[i]]
    else:
        i = rng.randrange(1, len(chars) - 1)
        chars[i], chars[i + 1] = chars[i + 1], chars[i]
    return "".join(chars)
