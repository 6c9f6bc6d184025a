"""Message building within LINE's limits: carousels and bubbles by size, quick-reply labels by length."""
import json

from bot.line import messages as m


def bubble(*texts: str) -> dict:
    """A bubble with one text component per text."""
    return {"type": "bubble", "body": m._box([{"type": "text", "text": text, "wrap": True}
                                              for text in texts])}


def sent(node) -> int:
    """Bytes as line-bot-sdk sends them: json.dumps, non-ASCII escaped."""
    return len(json.dumps(node))


def test_twelve_bubbles_of_long_thai_text_are_shortened_to_fit_a_carousel_and_all_kept():
    bubbles = [bubble("รายละเอียด", "ก" * 2000, "ข" * 2000) for _ in range(12)]
    assert sent({"type": "carousel", "contents": bubbles}) > 280_000
    fitted = m.fit_bubbles(bubbles)
    assert len(fitted) == 12 and sent({"type": "carousel", "contents": fitted}) <= 50_000
    assert fitted[0]["body"]["contents"][0]["text"] == "รายละเอียด", "short texts are left alone"
    assert len(fitted[0]["body"]["contents"][1]["text"]) >= m.MIN_TRIMMED
    assert bubbles[0]["body"]["contents"][1]["text"] == "ก" * 2000, "the originals are not changed"


def test_bubbles_too_big_even_with_short_texts_are_left_off_the_end_of_the_carousel():
    bubbles = [bubble(*[f"แถวที่ {row} " + "ค" * 30 for row in range(60)]) for _ in range(10)]
    fitted = m.fit_bubbles(bubbles)
    assert 1 <= len(fitted) < 10 and sent({"type": "carousel", "contents": fitted}) <= 50_000


def test_a_photo_reference_is_counted_as_the_signed_link_it_becomes():
    photo = {"type": "image", "url": m.PHOTO_REF + "12"}
    assert m.sent_size(photo) == sent(photo) - len(m.PHOTO_REF) + m.PHOTO_LINK_BYTES


def test_a_single_bubble_message_is_kept_under_thirty_kilobytes():
    message = m._flex("case", bubble("ง" * 6000))
    assert sent(message["contents"]) <= 30_000 and message["contents"]["body"]["contents"][0]["text"]


def test_a_small_carousel_goes_out_unchanged():
    bubbles = [bubble("ถนนเป็นหลุม"), bubble("ไฟดับ")]
    assert m._flex("cases", {"type": "carousel", "contents": bubbles})["contents"]["contents"] == bubbles


def test_labels_tell_fifteen_similar_office_names_apart_within_twenty_characters():
    parts = ["ระบบท่อระบายน้ำ", "ระบบคลอง", "เครื่องจักรกล", "ควบคุมคุณภาพน้ำ", "ก่อสร้าง", "บำรุงรักษา",
             "จัดการน้ำเสีย", "ป้องกันน้ำท่วม", "สูบน้ำ", "ประตูระบายน้ำ", "แผนงาน", "ธุรการ",
             "ศูนย์ควบคุม", "วิศวกรรม", "ระบบอุโมงค์"]
    names = [f"สำนักการระบายน้ำ กอง{part}" for part in parts]
    labels = m.distinct_labels(names)
    assert len(set(labels)) == 15 and all(len(label) <= 20 for label in labels)
    assert labels[0] == "กองระบบท่อระบายน้ำ"
    english = m.distinct_labels(["Bang Rak District Office", "Pom Prap Sattru Phai District Office",
                                 "Metropolitan Electricity Authority (MEA)",
                                 "Metropolitan Waterworks Authority (MWA)"])
    assert english == ["Bang Rak", "Pom Prap Sattru Phai", "Electricity…(MEA)", "Waterworks…(MWA)"]
    assert m.distinct_labels(["สำนักการโยธา", "Traffic"]) == ["สำนักการโยธา", "Traffic"]
