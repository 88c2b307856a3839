"""People the news names beyond heads of state and government: sub-national leaders, central
bank governors, monarchs and royals, religious leaders, celebrities, business leaders and
activists (data/actors/people/*.jsonl). Each mention is coded with the role in force that day."""

from __future__ import annotations

import pytest

from newsevents.knowledge.actors import resolve_actor


@pytest.mark.parametrize(
    ("text", "date", "code", "sector", "name"),
    [
        ("Ontario Premier Doug Ford", "2020-01-01", "CAN", "GOV", "Doug Ford"),
        ("Texas Governor Greg Abbott", "2024-01-01", "USA", "GOV", "Greg Abbott"),
        ("Texas Attorney General Greg Abbott", "2010-01-01", "USA", "GOV", "Greg Abbott"),
        ("Governor Arnold Schwarzenegger", "2005-03-01", "USA", "GOV", "Arnold Schwarzenegger"),
        ("actor Arnold Schwarzenegger", "1995-03-01", "USA", "ELI", "Arnold Schwarzenegger"),
        ("Arnold Schwarzenegger", "2015-03-01", "USA", "ELI", "Arnold Schwarzenegger"),
        ("Scottish First Minister Nicola Sturgeon", "2016-06-24", "GBR", "GOV", "Nicola Sturgeon"),
        ("Nicola Sturgeon", "2024-06-01", "GBR", "ELI", "Nicola Sturgeon"),
        ("Moscow Mayor Sergei Sobyanin", "2022-03-01", "RUS", "GOV", "Sergey Sobyanin"),
        ("Catalan leader Carles Puigdemont", "2017-10-01", "ESP", "GOV", "Carles Puigdemont"),
        ("Carles Puigdemont", "2019-10-14", "ESP", "ELI", "Carles Puigdemont"),
        ("Borno State Governor Babagana Zulum", "2021-02-01", "NGA", "GOV", "Babagana Zulum"),
        ("Bihar Chief Minister Nitish Kumar", "2016-01-01", "IND", "GOV", "Nitish Kumar"),
        ("Kejriwal", "2020-02-01", "IND", "GOV", "Arvind Kejriwal"),
        ("Tokyo Governor Yuriko Koike", "2020-03-01", "JPN", "GOV", "Yuriko Koike"),
        ("Bank of England Governor Mark Carney", "2016-06-24", "GBR", "GOV", "Mark Carney"),
        ("Bank of Canada Governor Mark Carney", "2010-06-01", "CAN", "GOV", "Mark Carney"),
        ("Mark Carney", "2022-01-01", "CAN", "ELI", "Mark Carney"),
        ("Prime Minister Mark Carney", "2025-06-01", "CAN", "GOV", "Mark Carney"),
        ("ECB President Jean-Claude Trichet", "2008-10-08", "EUR", "GOV", "Jean-Claude Trichet"),
        ("Fed Chairman Ben Bernanke", "2008-10-08", "USA", "GOV", "Ben Bernanke"),
        ("RBI Governor Raghuram Rajan", "2015-06-02", "IND", "GOV", "Raghuram Rajan"),
        ("central banker Elvira Nabiullina", "2022-02-28", "RUS", "GOV", "Elvira Nabiullina"),
        ("Queen Elizabeth II", "2012-06-04", "GBR", "GOV", "Elizabeth II"),
        ("Prince Charles", "2012-06-04", "GBR", "ELI", "Charles III"),
        ("King Charles III", "2023-05-06", "GBR", "GOV", "Charles III"),
        ("Dutch King Willem-Alexander", "2020-04-27", "NLD", "GOV", "Willem-Alexander"),
        ("Prince Harry", "2020-01-08", "GBR", "ELI", "Prince Harry"),
        ("Pope Benedict XVI", "2010-09-16", "VAT", "REL", "Pope Benedict XVI"),
        ("Cardinal Joseph Ratzinger", "2000-01-01", "VAT", "REL", "Pope Benedict XVI"),
        ("Pope Francis", "2020-03-27", "VAT", "REL", "Pope Francis"),
        ("Pope Leo XIV", "2025-05-18", "VAT", "REL", "Pope Leo XIV"),
        ("the Dalai Lama", "2019-03-10", "CHN", "REL", "Dalai Lama"),
        ("Archbishop of Canterbury Justin Welby", "2020-04-12", "GBR", "REL", "Justin Welby"),
        ("Patriarch Kirill", "2022-03-06", "RUS", "REL", "Patriarch Kirill"),
        ("footballer Lionel Messi", "2022-12-18", "ARG", "ELI", "Lionel Messi"),
        ("Pele", "1996-06-01", "BRA", "GOV", "Pelé"),
        ("Pele", "2014-06-12", "BRA", "ELI", "Pelé"),
        ("singer Burna Boy", "2021-03-14", "NGA", "ELI", "Burna Boy"),
        ("Tesla chief Elon Musk", "2024-01-01", "USA", "BUS", "Elon Musk"),
        ("Nigerian billionaire Aliko Dangote", "2020-01-01", "NGA", "BUS", "Aliko Dangote"),
        ("climate activist Greta Thunberg", "2019-09-23", "SWE", "CVL", "Greta Thunberg"),
        ("Malala Yousafzai", "2014-10-10", "PAK", "CVL", "Malala Yousafzai"),
        ("the Dutch king", "2020-04-27", "NLD", "GOV", "Willem-Alexander"),
        ("the Norwegian king", "2020-04-27", "NOR", "GOV", "Harald V"),
    ],
)
def test_person_mention_is_coded_by_the_role_in_force(text, date, code, sector, name):
    actor = resolve_actor(text, "", date)
    assert actor is not None
    assert (actor.code, actor.sector, actor.name) == (code, sector, name)
