"""Made-up children, staff, teams and places for the child-level corpus, and writers for its files."""

from __future__ import annotations

import csv
import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path

import openpyxl

BOYS = ["Oliver", "Jack", "Harry", "Noah", "Leo", "Oscar", "Alfie", "Charlie", "Freddie", "Archie", "Theo",
        "Riley", "Mason", "Kai", "Tyler", "Jayden", "Muhammad", "Kacper", "Ionut", "Tiago", "Dáire",
        "Reuben", "Lennon", "Brodie", "Tommy-Lee", "Ezra", "Yusuf", "Callum", "Kian", "Ollie"]
GIRLS = ["Olivia", "Amelia", "Isla", "Ava", "Mia", "Lily", "Poppy", "Evie", "Ruby", "Freya", "Sophie",
         "Chloe", "Maisie", "Aaliyah", "Aisha", "Zara", "Zuzanna", "Oliwia", "Amira", "Zoë", "Niamh",
         "Siobhan", "Kayleigh", "Destiny", "Lacey-Mae", "Harper", "Nevaeh", "Tiana", "Ellie-Rose", "Imogen"]
SURNAMES = ["Pritchard", "Hargreaves", "Whitlock", "Okafor", "Adeyemi", "Mensah", "Popescu", "Kowalczyk",
            "Nowakowski", "Doherty", "McGinley", "O'Rourke", "Begum", "Hussain", "Chaudhry", "Nguyen",
            "Fairbrother", "Ashworth", "Brindley", "Cartwright", "Dunmore", "Eccleston", "Fenwick",
            "Gaskell", "Hollingsworth", "Ingleby", "Jarvis", "Kettley", "Lomax", "Marchant", "Norbury",
            "Oakley", "Prendergast", "Quarmby", "Rowbotham", "Stanbridge", "Thewlis", "Underhill", "Varley",
            "Wetherall", "Yardley", "Zielinski", "Bainbridge", "Cheetham", "Duckworth", "Entwistle",
            "Fairclough", "Greenhalgh", "Heathcote", "Illingworth", "Kershaw", "Lockwood", "Mottershead",
            "Nuttall", "Ormerod", "Pilkington", "Ramsbottom", "Sutcliffe", "Tattersall", "Whitworth",
            "Akinola", "Balogun", "Sandu"]
WORKERS = ["Claire Ridgeway", "Tom Ashdown", "Priya Lakhani", "Gemma Thornbury", "Dan Whitcombe",
           "Sade Ogunleye", "Rachel Penhaligon", "Mark Ellery", "Hannah Cosgrove", "Jo Stirling",
           "Femi Adebayo", "Lucy Marlow", "Agency - K Brennan", "Unallocated"]
TEAMS = ["Rugby Safeguarding 1", "Rugby Safeguarding 2", "Nuneaton CP Team", "Warwick & Leamington CIN",
         "Stratford Family Support", "North Warwickshire CWD", "MASH", "Children in Care 1", "Leaving Care"]
ETH = ["WBRI", "WIRI", "WOTH", "WIRT", "MWBC", "MWBA", "MWAS", "MOTH", "AIND", "APKN", "ABAN", "AOTH",
       "BCRB", "BAFR", "BOTH", "CHNE", "OOTH", "REFU", "NOBT"]
ETH_LONG = ["White British", "White Irish", "Any other White background", "Gypsy/Roma",
            "White and Black Caribbean", "Asian - Pakistani", "Asian - Indian", "Black African",
            "Black Caribbean", "Any other mixed background", "Chinese", "Information not yet obtained",
            "Refused"]
CATS = ["Neglect", "Emotional abuse", "Physical abuse", "Sexual abuse", "Multiple"]
CATS_SHORT = ["NEG", "EMO", "PHY", "SAB", "MUL"]
PC_AREAS = [("CV21", "Rugby"), ("CV22", "Rugby"), ("CV23", "Rugby"), ("CV10", "Nuneaton"),
            ("CV11", "Nuneaton"), ("CV12", "Bedworth"), ("CV31", "Leamington"), ("CV32", "Leamington"),
            ("CV34", "Warwick"), ("CV37", "Stratford"), ("B46", "Coleshill"), ("B78", "Atherstone"),
            ("CV9", "Atherstone"), ("B49", "Alcester"), ("B50", "Bidford")]
INWARD_LETTERS = "ABDEFGHJLNPQRTUWXY"
UPN_CHECK = "ABCDEFGHJKLMNPQRTUVWXYZ"
TODAY = dt.date(2025, 12, 3)


@dataclass(frozen=True)
class Person:
    """A made-up child with what a council system records about one."""

    sex: str
    forename: str
    surname: str
    dob: dt.date
    person_id: int
    upn: str
    postcode: str
    town: str
    eth: str
    eth_long: str
    worker: str
    team: str
    cat: int
    ref_date: dt.date
    cp_start: dt.date

    @property
    def full(self) -> str:
        return f"{self.forename} {self.surname}"

    def age(self, at: dt.date = TODAY) -> int:
        return at.year - self.dob.year - ((at.month, at.day) < (self.dob.month, self.dob.day))


def person(rng: random.Random, lo_year: int = 2007, hi_year: int = 2025) -> Person:
    sex = rng.choice("MF")
    first, last = dt.date(lo_year, 1, 1), dt.date(hi_year, 10, 31)
    area, town = rng.choice(PC_AREAS)
    referred = dt.date(2024, 4, 1) + dt.timedelta(days=rng.randrange(600))
    upn = (f"{rng.choice(UPN_CHECK)}937{rng.randrange(2000, 5999):04d}{rng.randrange(8, 25):02d}"
           f"{rng.randrange(1, 999):03d}")
    postcode = f"{area} {rng.randrange(1, 9)}{rng.choice(INWARD_LETTERS)}{rng.choice(INWARD_LETTERS)}"
    return Person(
        sex=sex, forename=rng.choice(BOYS if sex == "M" else GIRLS), surname=rng.choice(SURNAMES),
        dob=first + dt.timedelta(days=rng.randrange((last - first).days)),
        person_id=rng.randrange(100000, 999999) if rng.random() < .7 else rng.randrange(1000000, 2999999),
        upn=upn, postcode=postcode, town=town, eth=rng.choice(ETH), eth_long=rng.choice(ETH_LONG),
        worker=rng.choice(WORKERS), team=rng.choice(TEAMS), cat=rng.randrange(5), ref_date=referred,
        cp_start=referred + dt.timedelta(days=rng.randrange(20, 90)))


def people(rng: random.Random, count: int, lo_year: int = 2007, hi_year: int = 2025) -> list[Person]:
    return [person(rng, lo_year, hi_year) for _ in range(count)]


def uk(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def write_csv(path: Path, rows: list[list], header: list[str] | None = None, encoding: str = "utf-8",
              delimiter: str = ",") -> Path:
    with open(path, "w", newline="", encoding=encoding) as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        if header:
            writer.writerow(header)
        writer.writerows(rows)
    return path


def xlsx(path: Path, sheets: dict[str, list[list]], hidden: tuple[str, ...] = ()) -> Path:
    """A workbook of ``sheets`` (title -> rows, an empty row a blank line), some of them hidden."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
        if title in hidden:
            sheet.sheet_state = "hidden"
    book.save(path)
    return path
