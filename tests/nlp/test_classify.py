"""The classifier as the chat uses it: confident summaries, unsure chips, English and Thai digits."""
import re

import pytest

import nlp


def top(text):
    return nlp.classify(text)[0]


@pytest.mark.parametrize(
    "text, label",
    [
        ("ถนนหน้าบ้านเป็นหลุมเป็นบ่อขนาดใหญ่ รถมอเตอร์ไซค์ตกหลุมเกือบล้ม", "ถนน"),
        ("ฝนตกหนักน้ำท่วมขังสูงระดับหัวเข่า รถผ่านไม่ได้เลย", "น้ำท่วม"),
        ("ไฟฟ้าส่องสว่างในซอยดับมาหลายวันแล้ว กลางคืนมืดมาก", "แสงสว่าง"),
        ("ต้นไม้ใหญ่ล้มขวางถนนหลังพายุเมื่อคืน กิ่งไม้หักเต็มไปหมด", "ต้นไม้"),
        ("ร้านข้างบ้านเปิดเพลงเสียงดังมากทุกคืนจนถึงตีสอง นอนไม่ได้", "เสียงรบกวน"),
        ("สุนัขจรจัดหลายตัวไล่กัดคนที่เดินผ่านหน้าปากซอย", "สัตว์จรจัด"),
    ],
)
def test_a_clear_thai_report_is_classified_confidently(text, label):
    predictions = nlp.classify(text)
    assert predictions[0].label == label
    assert nlp.is_confident(predictions)
    assert label in nlp.predicted_labels(predictions)


def test_a_confident_road_report_is_shown_for_confirmation_with_its_english_name():
    predictions = nlp.classify("ถนนยุบเป็นหลุมลึก รถวิ่งผ่านลำบาก")
    assert nlp.is_confident(predictions)
    assert nlp.label_name(predictions[0].label, "en") == "Road"
    assert nlp.label_code(predictions[0].label) == "road"


def test_a_greeting_is_not_confident_so_the_chat_offers_three_categories_and_other():
    predictions = nlp.classify("สวัสดีครับ")
    assert not nlp.is_confident(predictions)
    chips = [p.label for p in predictions[:3]] + ["other"]
    assert len(set(chips)) == 4 and all(c in nlp.LABELS for c in chips[:3])


def test_predictions_cover_every_label_best_first_with_confidences_in_range():
    predictions = nlp.classify("ทางเท้าชำรุด กระเบื้องแตก เดินสะดุด")
    assert sorted(p.label for p in predictions) == sorted(nlp.LABELS)
    confidences = [p.confidence for p in predictions]
    assert confidences == sorted(confidences, reverse=True)
    assert all(0.0 <= c <= 1.0 for c in confidences)


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_empty_text_gives_no_predictions(text):
    assert nlp.classify(text) == []
    assert nlp.predicted_labels([]) == []
    assert not nlp.is_confident([])


@pytest.mark.parametrize(
    "text, label",
    [
        ("street light broken in front of soi 5", "แสงสว่าง"),
        ("big pothole on the road near the market", "ถนน"),
        ("flooding on the street after heavy rain", "น้ำท่วม"),
        ("fallen tree blocking the road", "ต้นไม้"),
    ],
)
def test_a_short_english_report_is_classified(text, label):
    assert label in [p.label for p in nlp.classify(text)[:2]]


def test_thai_digits_are_read_like_arabic_digits():
    thai = nlp.classify("ไฟดับทั้งซอย ซอย ๑๒ หน้าบ้านเลขที่ ๔๕")
    arabic = nlp.classify("ไฟดับทั้งซอย ซอย 12 หน้าบ้านเลขที่ 45")
    assert thai == arabic
    assert thai[0].label == "แสงสว่าง"


def test_a_report_about_two_things_gets_both_labels():
    labels = nlp.predicted_labels(nlp.classify(
        "ทางเท้าพังเป็นหลุม และน้ำท่วมขังบนทางเท้าทุกครั้งที่ฝนตก ท่อระบายน้ำอุดตัน"))
    assert len(labels) >= 2


def test_batch_classification_matches_single_messages():
    texts = ["น้ำท่วมซอย", "", "สายไฟห้อยต่ำระเกะระกะ"]
    many = nlp.classify_many(texts)
    assert many[1] == []
    assert many[0] == nlp.classify(texts[0]) and many[2] == nlp.classify(texts[2])


def test_labels_have_stable_codes_and_english_names():
    assert len(nlp.LABELS) == 24 and len(set(nlp.LABELS)) == 24
    codes = [nlp.label_code(lab) for lab in nlp.LABELS]
    assert len(set(codes)) == 24 and all(c.isascii() and c == c.lower() for c in codes)
    assert all(nlp.label_from_code(nlp.label_code(lab)) == lab for lab in nlp.LABELS)
    assert nlp.label_name("ทางเท้า", "en") == "Sidewalk" and nlp.label_name("ทางเท้า", "th") == "ทางเท้า"
    assert nlp.label_code("แสงสว่าง") == "street_light" and nlp.label_code("น้ำท่วม") == "flooding"


def test_loud_music_reported_in_english_is_noise():
    assert nlp.classify("loud music from the bar every night, very noisy")[0].label == "เสียงรบกวน"


def test_many_threads_can_classify_at_once():
    from concurrent.futures import ThreadPoolExecutor

    texts = ["น้ำท่วมซอย %d" % i for i in range(40)]
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(nlp.classify, texts))
    assert all(r[0].label == "น้ำท่วม" for r in results)


def test_the_english_gloss_file_maps_lower_case_english_to_thai_words():
    from nlp.features import GLOSS_FILE, read_gloss

    gloss = read_gloss(GLOSS_FILE)
    assert len(gloss) >= 80 and gloss["pothole"] == "ถนนเป็นหลุม"
    thai = re.compile("[ก-๙]")
    for english, words in gloss.items():
        assert english == english.lower() and re.fullmatch(r"[a-z0-9.]+( [a-z0-9.]+)?", english), english
        assert thai.search(words), english  # every gloss adds Thai words the model knows
