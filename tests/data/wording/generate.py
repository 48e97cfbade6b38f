#!/usr/bin/env python3
"""Writes vague.tsv and precise.tsv: the wording lint's own measurement set (docs/wording.md).

Each vague phrasing is embedded in a clause or a spec item the way contracts with suppliers write them, with odd
case, hyphens, double spaces and line breaks inside folded YAML blocks. `[[...]]` marks the exact span a finding
must cover; `\\n` is a line break inside a folded block. Deterministic: run it again to get the same files.

Columns: id, family, place (clause | spec), text.
"""
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))

VAGUE = {
    "quality": """good quality|high quality|high-quality|top quality|premium quality|superior quality|first-class quality
first class|first-rate|top grade|grade A quality|A-grade quality|excellent quality|best quality|fine quality
highest quality|top-notch quality|premium grade|export quality|export grade|commercial quality|merchantable quality
good merchantable quality|fair average quality|OEM quality|brand quality|superior grade|high grade|top class
quality nature|very good quality|perfect quality|reliable quality|stable quality|consistent quality|good quality level
high standard quality|prime quality|first grade|AAA grade|grade-A""",
    "workmanship": """good workmanship|fine workmanship|excellent workmanship|first-class workmanship|high-quality finish
good finish|smooth finish|neat finish|nice appearance|good appearance|beautiful appearance|well made|well-made
well finished|careful workmanship|skilled workmanship|professional workmanship|workmanlike manner
free of obvious defects|free from visible defects|free of major defects|no obvious defects|without obvious flaws
no visible defects|neat stitching|fine craftsmanship|good craftsmanship|superior workmanship|premium finish""",
    "packing": """export standard packing|standard export packing|export packing|seaworthy packing|seaworthy packaging
strong packing|strong carton|sturdy carton|sturdy packaging|suitable packing|proper packing|adequate packing
good packing|customary packing|normal packing|standard packing|packed properly|well packed|packed securely
secure packaging|export cartons|export-standard cartons|strong cartons|export standard package|good package
usual packing|safe packing|firm packing|solid packaging""",
    "time": """as soon as possible|ASAP|promptly|prompt delivery|prompt shipment|in a timely manner|timely delivery
in due course|in due time|without delay|without undue delay|shortly|at the earliest|at your earliest convenience
quick delivery|fast delivery|fast shipment|quickly|within a reasonable time|within reasonable time
reasonable period|as early as possible|at the earliest possible date|in good time|fast enough|soon|very soon
timely manner|rush order""",
    "tolerance": """normal tolerance|standard tolerance|reasonable tolerance|acceptable tolerance|usual tolerance
customary tolerance|normal tolerances|industry tolerance|commercial tolerance|acceptable limits|reasonable limits
normal limits|normal wear|normal wear and tear|reasonable wear|normal loss|normal losses|customary practice
usual practice|normal practice|acceptable deviation|slight deviation|minor deviation|small difference
slight colour difference|minor colour variation|slight variations|reasonable tolerances|acceptable range
normal range""",
    "sample": """same as sample|as per sample|according to sample|similar to sample|according to the sample
as per the sample|same as the sample|consistent with sample|in line with the sample|close to sample
identical to the sample|basically the same as the sample|match the sample|matching the sample|similar to the photos
same as pictures|as shown in the pictures|as per photo|according to pictures|as per previous order
same as last order|same as before|as per the previous shipment|similar to the reference sample|as per buyer's sample""",
    "standard": """industry standard|industry standards|international standards|international standard
supplier's standard|as per supplier's standard|factory standard|manufacturer's standard|enterprise standard
market standard|relevant standards|applicable standards|national standards|relevant regulations
applicable regulations|as per industry standard|as per factory standard|usual standard|normal standard
standard quality|European standard|US standard|suppliers standard|in-house standard""",
    "satisfaction": """to the buyer's satisfaction|to the satisfaction of the buyer|satisfactory|satisfactory quality
acceptable to the buyer|acceptable quality|acceptable condition|good condition|in good condition|in good order
good working condition|in perfect condition|perfect condition|fit for purpose|fit for the purpose
suitable for use|suitable for purpose|buyer's approval|customer satisfaction|satisfied""",
    "promise": """supplier guarantees|seller guarantees|we guarantee|guaranteed quality|quality guaranteed
100% satisfaction|long-term cooperation|long-term partnership|best price|best service|good service
excellent service|good after-sales service|after-sales service guaranteed|lifetime support|responsible for quality
will do our best|try our best|make every effort|sincere cooperation|mutual benefit|full responsibility""",
    "hedge": """approx.|approx|approximately|appr.|ca.|circa|roughly|more or less|about 300 mm|around 50 kg
nearly 20 kg|or so|give or take|etc.|etc|and so on|and so forth|and the like|among others|or similar|or equivalent
or equal|several|a few|some|various|about 2 weeks|around 45 days|approx 180 gsm|roughly 5%""",
    "escape": """if possible|where possible|as far as possible|where appropriate|as appropriate|if appropriate
if necessary|where necessary|as necessary|as required|if required|where required|if practical|where practicable
as far as practicable|to the extent possible|to the extent practicable|as much as possible|where applicable
if applicable|as applicable|when needed|if needed|as needed""",
    "open": """including but not limited to|including without limitation|but not limited to|among other things
and other|any other|other relevant|and/or other|including, but not limited to""",
    "vague_term": """adequate|sufficient|appropriate|suitable|reasonable|user-friendly|easy to use|easy to install
flexible|robust|reliable|durable|strong|sturdy|heavy-duty|heavy duty|high performance|efficient|high efficiency
fast|low noise|quiet|minimal|optimal|optimum|state-of-the-art|modern design|stylish|attractive|beautiful
eco-friendly|environmentally friendly|non-toxic|safe to use|harmless|food grade|food-safe|waterproof
water-resistant|water resistant|rustproof|rust-proof|anti-rust|scratch resistant|shockproof|long-lasting
long service life|stable performance|good performance|high precision|high accuracy|luxury|deluxe|hotel grade
five-star|energy saving|low power consumption|high capacity|high speed|high output""",
    "comparative": """better|the best|higher quality|stronger|faster|lighter|improved|more durable|less noise
lower noise|best-in-class|industry-leading|market-leading|world-class|leading|superior|as light as possible
as strong as possible|better quality|improved quality|the highest""",
    "later": """to be confirmed|TBD|TBC|to be agreed|to be discussed|as agreed|as discussed|as agreed by both parties
subject to negotiation|to be negotiated|at seller's discretion|at the inspector's discretion
as judged by the inspector|by visual judgement|at supplier's discretion|details later""",
    "chinese": """质量好|质量优良|优质|高品质|品质优良|一流质量|按样品|按照样品|同样品|与样品一致|参照样品
按供应商标准|按厂家标准|按工厂标准|按企业标准|行业标准|大约|约180克|180克左右|尽快|尽早|及时
合格产品|合格品|正常损耗|合理损耗|出口包装|出口标准包装|标准包装|坚固包装|外观良好|做工精细|无明显瑕疵
无明显缺陷|满意为止|长期合作|等等""",
}

CLAUSE_FRAMES = [
    "Supplier shall deliver goods of {p} to the buyer.",
    "All units are to be {p}, checked at loading.",
    "The seller will ship {p} and keep the buyer informed.",
    "Goods: {p}; the buyer may reject otherwise.",
    "Packing and finish {p} for sea transport to Hamburg.",
    "Any claim is settled {p} after receipt of goods.",
    "The product must be {p} before shipment from Ningbo.",
    "Workshop to confirm {p} with photos sent by e-mail.",
    "Remark: {p}, as discussed by phone on 2026-03-01.",
    "The buyer accepts the lot when it is {p} at arrival.",
    "Final acceptance: {p} in the opinion of the buyer's QC.",
    "Material, colour and printing {p} per the order sheet.",
]
SPEC_FRAMES = ["{p}", "{p}, checked by the inspector", "Finish {p}", "{p} for all parts", "Overall {p}"]
CHINESE_FRAMES = ["产品{p}，按时发货。", "货物{p}，买方验收。", "Goods / 货物：{p}", "包装要求：{p}，防潮。"]


def vary(phrase, i):
    """Odd case, double spaces and line breaks, the way real contracts are typed."""
    if any(ord(c) > 0x2E80 for c in phrase):
        return phrase.replace("样品", "样\\n品") if i % 5 == 3 and "样品" in phrase else phrase
    k = i % 6
    if k == 1:
        phrase = phrase.upper()
    elif k == 2:
        phrase = phrase.title()
    if i % 4 == 3 and " " in phrase:
        phrase = phrase.replace(" ", "  ", 1)
    if i % 5 == 4 and " " in phrase:
        j = phrase.rfind(" ")
        phrase = phrase[:j] + "\\n" + phrase[j + 1:]
    return phrase


def vague_rows():
    rng = random.Random(12)
    rows = []
    i = 0
    for family, block in VAGUE.items():
        for phrase in [p.strip() for line in block.splitlines() for p in line.split("|") if p.strip()]:
            i += 1
            v = vary(phrase, i)
            if family == "chinese":
                frame, place = rng.choice(CHINESE_FRAMES), "clause"
            elif i % 4 == 0 and family not in ("open", "escape"):
                frame, place = rng.choice(SPEC_FRAMES), "spec"
            else:
                frame, place = rng.choice(CLAUSE_FRAMES), "clause"
            rows.append((f"v{i:03}", family, place, frame.replace("{p}", "[[" + v + "]]")))
    return rows


# Precise sentences: first those that use a listed word in a qualified, measurable way, then plain precise terms.
QUALIFIED = """Enclosure waterproof to IP67 per IEC 60529, tested on 5 units per lot.
Lid and cup food-grade per GB 4806.9-2016, migration test report by SGS.
Colour as per sample GS-0412 sealed on 2026-02-26.
Colour same as approved sample AS-0415 signed by both parties on 2026-01-20.
Fabric shade according to sample LD-118 under D65, grey scale >= 4 per ISO 105-A02.
Frame durable: 50000 cycles per EN 15570 without failure.
Handle strong enough to hold 25 kg for 60 s per EN 71-1 clause 8.9.
Heavy-duty shelf rated 150 kg per level, tested per BIFMA X5.9.
Water resistant to IPX4 per IEC 60529.
Non-toxic coating per EN 71-3:2019, heavy metals below category III limits.
Eco-friendly dyes per OEKO-TEX Standard 100 class I certificate number 21.HCN.00001.
Low noise: <= 45 dB(A) at 1 m per ISO 3744.
Quiet operation, <= 38 dB(A) measured at 1 m.
High efficiency motor, efficiency >= 92% per IEC 60034-30-1 class IE3.
Energy saving LED driver, power <= 9 W at 230 V.
High capacity battery 5000 mAh ± 3%.
High speed: >= 1200 pcs/h on the filling line.
Seaworthy packing: export carton ECT >= 44 lb/in, drop test per ISTA 1A.
Strong carton, 5-ply, burst strength >= 1400 kPa.
Export standard packing per ISTA 2A, 20 pcs per carton.
Standard tolerance per ISO 2768-mK on all undimensioned features.
Normal tolerance per ISO 2768-m applies.
Industry standard ANSI/BIFMA X5.1-2017 applies to all chairs.
International standard ISO 3664 viewing conditions apply to colour checks.
Tested to the international standard IEC 60335-1:2010.
Factory standard Q/HD 003-2025 revision B is attached as annex 2.
Supplier's standard SPS-104 rev 3, signed copy attached, governs finish.
The word "approximately" is not used; dimensions 300 mm ± 2 mm per drawing DWG-1102 rev C.
Reliable: MTBF >= 20000 h per IEC 61709.
Sturdy base, static load 110 kg per EN 12520.
Rustproof fasteners: 96 h neutral salt spray per ISO 9227 without red rust.
Rust-proof hinges, 72 h salt spray per ASTM B117.
Scratch resistant surface, pencil hardness >= 2H per ISO 15184.
Shockproof case passes 1.2 m drop per IEC 60068-2-31.
Long-lasting print: colour fastness to washing >= 4 per ISO 105-C06.
Fast charging: 0 to 80% in <= 35 min at 25 °C.
Safe to use: complies with EN 71-1 and EN 71-2.
Food safe silicone per FDA 21 CFR 177.2600.
High precision spindle, runout <= 0.005 mm.
High accuracy scale, ± 0.1 g over 0..500 g.
Durable finish, abrasion >= 50000 rubs per ISO 12947-2.
Satisfactory result means all items pass per ISO 2859-1 level II, AQL 2.5.
Same as sample SMP-2026-07 retained by the buyer.
Similar to reference sample RS-22 within ΔE <= 1.0.
As per sample PO-4471-S1 approved on 2026-03-10.
According to drawing A-2210 rev D, all dimensions in mm.
Better than 0.5 mm flatness over 1 m.
Lighter than 2.4 kg including battery.
Faster than 6 s per cycle at full load.
Stronger than 300 N pull force per EN 71-1.
Adequate ventilation: >= 120 m³/h airflow.
Sufficient length: cable 1.8 m ± 0.05 m.
Reasonable time is 10 working days from notice.
Good quality defined as AQL 1.5 major per ISO 2859-1 level II.
Premium grade beech, moisture 8..12% per EN 13183-1.
Grade A plywood per EN 636-2, thickness 18 mm ± 0.5 mm.
Waterproof zip, 3000 mm water column per ISO 811.
Heavy duty caster, 100 kg each per EN 12530.
Easy to install: mounting in <= 10 min with the enclosed hex key, per manual M-88 rev 2.
Suitable for dishwasher: 500 cycles per EN 12875-1.
Within 30 days of receipt the seller replaces defective units at its cost.
Colour: Pantone 186 C, ΔE <= 1.5 against sample CS-11.
Export packing: 12 units per carton, carton 5-ply, gross weight <= 18 kg.
About: 300 pcs per carton, carton marks per annex 1.
Efficient pump, >= 55% at best efficiency point per ISO 9906 grade 2B.
Stable performance over 500 h at 40 °C per IEC 60068-2-2.
Long service life: 25000 h L70 per IEC 62717.
Minimal gap of 0.2 mm to 0.4 mm between doors.
Optimal torque 2.5 N·m ± 0.2 N·m.
Flexible hose bends to 50 mm radius without kinking.
Non-standard packing is not accepted.
The supplier shall inform the buyer about any change of material 30 days before production.
The words "good quality" in clause 4 are deleted and replaced by the spec table.
Struck out: 'as per supplier's standard'; the spec table governs.
Marketing text, not part of the contract: premium quality, stylish and durable.
Product description for the catalogue (marketing text only): world-class, best-in-class design.
Quality per ISO 2859-1, level II, AQL 1.0 major and 2.5 minor.
Paint thickness 60 µm ± 10 µm measured per ISO 2808.
Strong magnet, pull force >= 4 kg.
High output: >= 3000 pcs/h measured by functional test.
Durability: 10000 flex cycles per ISO 17707 without cracks.""".splitlines()

PLAIN = """Shipment latest 2026-05-15 from Ningbo port, FOB.
Payment 30% deposit by T/T, balance against copy of B/L.
Fabric 100% cotton, 180 gsm ± 5%.
Shell material HDPE, wall thickness 2.0 mm ± 0.2 mm.
Frame SUS304 stainless steel, 1.2 mm.
Enclosure IP67.
Chair conforms to BIFMA X5.1.
Dimensions per Annex 3 Rev. A.
Top solid oak, 25 mm thick.
Legs beech wood, lacquered, 3 coats.
Blend 95% cotton 5% elastane.
Inspection per ANSI/ASQ Z1.4 level II, AQL 2.5 major, 4.0 minor.
Warranty 12 months from arrival, parts and labour.
Carton drop test from 76 cm per ISTA 1A.
Colour Pantone 19-4052 TCX.
Voltage 230 V ± 10%, 50 Hz.
Lot fails if any critical defect is found.
Critical: sharp edge or exposed wire; major: function fails; minor: cosmetic mark under 2 mm.
Sampling 80 units per lot of 1200.
Each carton marked with PO number, item code and gross weight.
Label per drawing LB-02 rev 1.
Bottle PET, 500 ml ± 5 ml.
Leather full grain cowhide, 1.4 mm ± 0.1 mm.
Glass tempered, 5 mm, per EN 12150-1.
Cable 3 x 1.5 mm², 2 m.
Weight 12.5 kg ± 0.3 kg.
Noise <= 60 dB(A) at 1 m.
Moisture content <= 12%.
Plating nickel 8 µm minimum.
Thread M8 x 1.25, class 6g.
Buyer pays for the third-party inspection by SGS.
Claims must be made within 30 days after receipt.
Delivery to Hamburg by 2026-06-30, CIF.
Penalty 0.5% of order value per day of delay, at most 5%.
Seller ships 4 units in 2 crates.
Handle PP, colour black.
Insole EVA 4 mm.
Zipper YKK #5.
Polyester 600D with PU coating 0.15 mm.
Pallet heat-treated per ISPM 15.
Shelf life 24 months from production date.
Inner bag PE 0.05 mm, one unit per bag.
Test report from Intertek for EN 71-3 before shipment.
The buyer may cancel if shipment is more than 14 days late.
Steel Q235B, hot-dip galvanized 85 µm.
Rubber NBR, hardness 70 ± 5 Shore A.
Screen 6.5 inch, 1080 x 2400 pixels.
Battery Li-ion 3.7 V 2000 mAh, UN 38.3 report.
Packing 6 pcs per inner box, 48 pcs per master carton.
Aluminium 6063-T5, anodized 10 µm.
Print CMYK on 350 g/m² art card.
Wood species: rubberwood, FSC certified.
Quilt filling 300 g/m² polyester fibre.
Defect classes per annex 2, sampling per ISO 2859-1.
Seal photos of the container before opening are required.
Spare parts list per annex 4 shipped with the first order.
Material ABS, UL 94 V-0.
Cushion foam density 35 kg/m³ ± 2 kg/m³.
Lamp 4000 K, CRI >= 80.
Box 400 x 300 x 250 mm, 7-ply corrugated.
Machine power 5.5 kW, 380 V, 3 phase.
Liner: 100% polyester taffeta, 190T.
Pass: no critical defects, major <= 3, minor <= 7 in 125 samples.
Gloves nitrile 4 mil, EN 455-2.
Delivery in two lots of 600 units, 2026-05-01 and 2026-06-01.
Colour chart CC-7 signed on 2026-02-02 applies.
Ink soy-based, heavy metals per EN 71-3.
Mould ownership stays with the buyer.
Marks: CE, WEEE symbol, batch code.
Tolerance ± 0.5 mm on all dimensions per drawing 1102-B.""".splitlines()


# Precise spec requirements, as the value of a spec item: each states a quantity with unit and tolerance, a standard
# with its number, a grade, a material, a composition or an identified sample, drawing or annex. The families a
# previous attempt flagged falsely are here: compositions, IP codes, wood species, polymers, BIFMA, annexes.
SPEC = """100% cotton
95% cotton 5% elastane
IP67
IP54 per IEC 60529
solid white oak (Quercus alba)
rubberwood, lacquered
beech
HDPE
PP
ABS, UL 94 V-0
BIFMA X5.1
ANSI/BIFMA X5.1-2017
Annex 3 Rev. A
per Annex 2
drawing DWG-1102 rev C
approved sample AS-0412
sealed sample GS-0412
SUS304 stainless steel
Q235B
180 gsm ± 5%
>= 44 lb/in
<= 75 dB(A)
300 mm ± 2 mm
48..52 mm
EN 71-3:2019
food-grade per GB 4806.9-2016
waterproof to IP67 per IEC 60529
grey scale >= 4 per ISO 105-C06
ASTM F963-17
1.2 mm ± 0.1 mm""".splitlines()


def precise_rows():
    rows = []
    for i, text in enumerate(QUALIFIED + PLAIN, start=1):
        family = "qualified" if i <= len(QUALIFIED) else "plain"
        rows.append((f"p{i:03}", family, "clause", text))
    for j, text in enumerate(SPEC, start=len(QUALIFIED) + len(PLAIN) + 1):
        rows.append((f"p{j:03}", "spec_value", "spec", text))
    return rows


def write(name, rows):
    with open(os.path.join(HERE, name), "w", encoding="utf-8") as f:
        f.write("id\tfamily\tplace\ttext\n")
        for row in rows:
            f.write("\t".join(row) + "\n")


if __name__ == "__main__":
    write("vague.tsv", vague_rows())
    write("precise.tsv", precise_rows())
