"""Japanese names in kanji and kana against their Hepburn spellings.

The hold-out pairs are public figures who are NOT in the benchmark's development set
(benchmarks/matching/data/cross_script_dev.csv): prime ministers of earlier decades,
ministers, business founders, Nobel laureates, athletes, artists, and persons
convicted in well-known cases, each in kanji and in the spelling the English-language
press uses (given name first). They check that the readings generalise rather than fit
the development set.
"""

from __future__ import annotations

import pytest

from liaison.matching.names import name_forms
from liaison.matching.names.japanese import hepburn_spellings, kanji_name_kind
from liaison.matching.profile import comparable_forms

HOLD_OUT = """
宮沢喜一	Kiichi Miyazawa
橋下徹	Toru Hashimoto
本田宗一郎	Soichiro Honda
盛田昭夫	Akio Morita
村上世彰	Yoshiaki Murakami
井上邦雄	Kunio Inoue
大谷翔平	Shohei Ohtani
羽生結弦	Yuzuru Hanyu
宮崎駿	Hayao Miyazaki
黒澤明	Akira Kurosawa
村上春樹	Haruki Murakami
大江健三郎	Kenzaburo Oe
川端康成	Yasunari Kawabata
三島由紀夫	Yukio Mishima
北野武	Takeshi Kitano
野口英世	Hideyo Noguchi
山中伸弥	Shinya Yamanaka
東條英機	Hideki Tojo
山本五十六	Isoroku Yamamoto
伊藤博文	Hirobumi Ito
吉田茂	Shigeru Yoshida
池田勇人	Hayato Ikeda
大平正芳	Masayoshi Ohira
鈴木善幸	Zenko Suzuki
羽田孜	Tsutomu Hata
加藤勝信	Katsunobu Kato
岩屋毅	Takeshi Iwaya
猪瀬直樹	Naoki Inose
舛添要一	Yoichi Masuzoe
植田和男	Kazuo Ueda
黒田東彦	Haruhiko Kuroda
白川方明	Masaaki Shirakawa
浅田真央	Mao Asada
錦織圭	Kei Nishikori
大坂なおみ	Naomi Osaka
植松聖	Satoshi Uematsu
加藤智大	Tomohiro Kato
青葉真司	Shinji Aoba
宅間守	Mamoru Takuma
宮崎勤	Tsutomu Miyazaki
岡本公三	Kozo Okamoto
松本智津夫	Chizuo Matsumoto
上祐史浩	Fumihiro Joyu
渡辺芳則	Yoshinori Watanabe
田岡一雄	Kazuo Taoka
清原和博	Kazuhiro Kiyohara
鈴木一朗	Ichiro Suzuki
松井秀喜	Hideki Matsui
中田英寿	Hidetoshi Nakata
本田圭佑	Keisuke Honda
香川真司	Shinji Kagawa
坂本龍一	Ryuichi Sakamoto
是枝裕和	Hirokazu Kore-eda
安藤忠雄	Tadao Ando
隈研吾	Kengo Kuma
草間彌生	Yayoi Kusama
小野洋子	Yoko Ono
渡辺謙	Ken Watanabe
真田広之	Hiroyuki Sanada
志位和夫	Kazuo Shii
玉木雄一郎	Yuichiro Tamaki
野田聖子	Seiko Noda
稲田朋美	Tomomi Inada
甘利明	Akira Amari
二階俊博	Toshihiro Nikai
萩生田光一	Koichi Hagiuda
西村康稔	Yasutoshi Nishimura
松野博一	Hirokazu Matsuno
浜田靖一	Yasukazu Hamada
木原稔	Minoru Kihara
齋藤健	Ken Saito
斎藤元彦	Motohiko Saito
吉村洋文	Hirofumi Yoshimura
松井一郎	Ichiro Matsui
辻元清美	Kiyomi Tsujimoto
福島瑞穂	Mizuho Fukushima
山本太郎	Taro Yamamoto
前原誠司	Seiji Maehara
岡田克也	Katsuya Okada
仙谷由人	Yoshito Sengoku
亀井静香	Shizuka Kamei
鈴木宗男	Muneo Suzuki
田中眞紀子	Makiko Tanaka
三木武夫	Takeo Miki
前澤友作	Yusaku Maezawa
永守重信	Shigenobu Nagamori
鈴木修	Osamu Suzuki
豊田佐吉	Sakichi Toyoda
渋沢栄一	Eiichi Shibusawa
岩崎弥太郎	Yataro Iwasaki
新浪剛史	Takeshi Niinami
奥田碩	Hiroshi Okuda
中西宏明	Hiroaki Nakanishi
西川廣人	Hiroto Saikawa
小室圭	Kei Komuro
村田諒太	Ryota Murata
井上尚弥	Naoya Inoue
長嶋茂雄	Shigeo Nagashima
宮本茂	Shigeru Miyamoto
手塚治虫	Osamu Tezuka
鳥山明	Akira Toriyama
尾田栄一郎	Eiichiro Oda
湯川秀樹	Hideki Yukawa
本庶佑	Tasuku Honjo
大隅良典	Yoshinori Ohsumi
中村修二	Shuji Nakamura
吉野彰	Akira Yoshino
梶田隆章	Takaaki Kajita
小柴昌俊	Masatoshi Koshiba
下村脩	Osamu Shimomura
田中耕一	Koichi Tanaka
白川英樹	Hideki Shirakawa
野依良治	Ryoji Noyori
小林誠	Makoto Kobayashi
南部陽一郎	Yoichiro Nambu
根岸英一	Ei-ichi Negishi
鈴木章	Akira Suzuki
赤崎勇	Isamu Akasaki
天野浩	Hiroshi Amano
大村智	Satoshi Omura
角川歴彦	Tsuguhiko Kadokawa
高橋治之	Haruyuki Takahashi
木嶋佳苗	Kanae Kijima
林眞須美	Masumi Hayashi
市橋達也	Tatsuya Ichihashi
永山則夫	Norio Nagayama
大道寺将司	Masashi Daidoji
坂口弘	Hiroshi Sakaguchi
森恒夫	Tsuneo Mori
永田洋子	Hiroko Nagata
奥平剛士	Tsuyoshi Okudaira
丸岡修	Osamu Maruoka
井上嘉浩	Yoshihiro Inoue
遠藤誠一	Seiichi Endo
土谷正実	Masami Tsuchiya
中川智正	Tomomasa Nakagawa
早川紀代秀	Kiyohide Hayakawa
新實智光	Tomomitsu Niimi
林泰男	Yasuo Hayashi
豊田亨	Toru Toyoda
広瀬健一	Kenichi Hirose
横山真人	Masato Yokoyama
岡崎一明	Kazuaki Okazaki
竹内照明	Teruaki Takeuchi
野村悟	Satoru Nomura
田上不美夫	Fumio Tagami
清田次郎	Jiro Kiyota
関功	Isao Seki
"""


def _pairs() -> list[tuple[str, str]]:
    return [
        (native, latin)
        for native, latin in (line.split("\t") for line in HOLD_OUT.strip().splitlines())
    ]


def _share(one: str, other: str) -> bool:
    return bool(set(comparable_forms([one])[0]) & set(comparable_forms([other])[0]))


def test_most_hold_out_names_share_a_form_with_their_press_spelling() -> None:
    pairs = _pairs()
    missed = [f"{native} / {latin}" for native, latin in pairs if not _share(native, latin)]
    # Measured 141 of 148; a few given names read in ways no table lists (駿 Hayao).
    assert len(missed) <= 0.07 * len(pairs), missed


@pytest.mark.parametrize(
    ("native", "latin"),
    [
        ("安倍晋三", "Shinzo Abe"),
        ("安倍晋三", "ABE Shinzō"),
        ("安倍 晋三", "Abe Shinzou"),
        ("大谷翔平", "Shohei Ohtani"),  # oh for a long o in the family name
        ("大谷翔平", "Shohei Otani"),
        ("南部陽一郎", "Yoichiro Nambu"),  # m before b
        ("南部陽一郎", "Yoichiro Nanbu"),
        ("伊藤博文", "Hirobumi Itoh"),
        ("草間彌生", "Yayoi Kusama"),  # 彌 is the old form of 弥
        ("井上尚弥", "Naoya Inoue"),  # the ou of Inoue is two syllables
        ("林芳正", "Yoshimasa Hayashi"),  # one-kanji family name: Chinese or Japanese
        ("さとう たろう", "Taro Sato"),
        ("大坂なおみ", "Naomi Osaka"),
    ],
)
def test_a_japanese_name_matches_its_hepburn_spelling(native: str, latin: str) -> None:
    assert _share(native, latin)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("菅義偉", "菅直人"),  # one family name, read Suga and Kan
        ("菅義偉", "Naoto Kan"),
        ("小泉純一郎", "小泉進次郎"),  # father and son
        ("小泉純一郎", "Shinjiro Koizumi"),
        ("安倍晋三", "Shintaro Abe"),  # son and father
        ("岸信介", "Nobuo Kishi"),  # grandfather and grandson
        ("福田赳夫", "Yasuo Fukuda"),  # father and son
    ],
)
def test_relatives_and_namesakes_share_no_form(one: str, other: str) -> None:
    assert not _share(one, other)


def test_long_vowels_are_written_every_way() -> None:
    assert hepburn_spellings("satou") == ("sato", "satou", "satoh")
    assert hepburn_spellings("nanbu") == ("nambu", "nanbu")
    assert hepburn_spellings("inoue")[0] == "inoue"


def test_chinese_names_keep_their_chinese_readings_first() -> None:
    assert kanji_name_kind("习近平") != "japanese"
    assert name_forms("习近平").latin[0] == "xi jin ping"
    assert name_forms("李克强").latin[0] == "li ke qiang"
    assert _share("李克强", "Li Keqiang")
    assert kanji_name_kind("安倍晋三") == "japanese"
    assert name_forms("安倍晋三").latin[0] == "abe shinzo"
