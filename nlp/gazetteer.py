"""Bangkok's 50 districts with English names, spelling variants and place-name hints."""

# Official Thai name (without เขต) and the BMA's English transcription.
DISTRICTS = {
    "พระนคร": "Phra Nakhon", "ดุสิต": "Dusit", "หนองจอก": "Nong Chok", "บางรัก": "Bang Rak",
    "บางเขน": "Bang Khen", "บางกะปิ": "Bang Kapi", "ปทุมวัน": "Pathum Wan",
    "ป้อมปราบศัตรูพ่าย": "Pom Prap Sattru Phai", "พระโขนง": "Phra Khanong", "มีนบุรี": "Min Buri",
    "ลาดกระบัง": "Lat Krabang", "ยานนาวา": "Yan Nawa", "สัมพันธวงศ์": "Samphanthawong", "พญาไท": "Phaya Thai",
    "ธนบุรี": "Thon Buri", "บางกอกใหญ่": "Bangkok Yai", "ห้วยขวาง": "Huai Khwang", "คลองสาน": "Khlong San",
    "ตลิ่งชัน": "Taling Chan", "บางกอกน้อย": "Bangkok Noi", "บางขุนเทียน": "Bang Khun Thian",
    "ภาษีเจริญ": "Phasi Charoen", "หนองแขม": "Nong Khaem", "ราษฎร์บูรณะ": "Rat Burana", "บางพลัด": "Bang Phlat",
    "ดินแดง": "Din Daeng", "บึงกุ่ม": "Bueng Kum", "สาทร": "Sathon", "บางซื่อ": "Bang Sue", "จตุจักร": "Chatuchak",
    "บางคอแหลม": "Bang Kho Laem", "ประเวศ": "Prawet", "คลองเตย": "Khlong Toei", "สวนหลวง": "Suan Luang",
    "จอมทอง": "Chom Thong", "ดอนเมือง": "Don Mueang", "ราชเทวี": "Ratchathewi", "ลาดพร้าว": "Lat Phrao",
    "วัฒนา": "Watthana", "บางแค": "Bang Khae", "หลักสี่": "Lak Si", "สายไหม": "Sai Mai", "คันนายาว": "Khan Na Yao",
    "สะพานสูง": "Saphan Sung", "วังทองหลาง": "Wang Thonglang", "คลองสามวา": "Khlong Sam Wa", "บางนา": "Bang Na",
    "ทวีวัฒนา": "Thawi Watthana", "ทุ่งครุ": "Thung Khru", "บางบอน": "Bang Bon",
}

# Common misspellings and short forms seen in citizen text -> official name.
VARIANTS = {
    "ราษฏร์บูรณะ": "ราษฎร์บูรณะ", "ราษฎร์บูรณ": "ราษฎร์บูรณะ", "ราษฎร์บูรณะ์": "ราษฎร์บูรณะ",
    "ราษบูรณะ": "ราษฎร์บูรณะ", "ราชบูรณะ": "ราษฎร์บูรณะ", "ป้อมปราบ": "ป้อมปราบศัตรูพ่าย",
    "สัมพันธวงค์": "สัมพันธวงศ์", "สัมพันธ์วงศ์": "สัมพันธวงศ์", "พญาไทย": "พญาไท", "สาธร": "สาทร",
    "จตุจักษ์": "จตุจักร", "จตุจักร์": "จตุจักร", "จตุจัก": "จตุจักร", "บึงกุ้ม": "บึงกุ่ม", "ยานาวา": "ยานนาวา",
    "บางกะปี": "บางกะปิ", "บางซื่่อ": "บางซื่อ", "คลองเต้ย": "คลองเตย", "ดอนเมื่อง": "ดอนเมือง",
    "ลาดพร้าว์": "ลาดพร้าว", "ธนบุรีย์": "ธนบุรี", "หลักสี่่": "หลักสี่",
}

# Romanisations people type besides the official one.
ENGLISH_VARIANTS = {
    "klong toey": "คลองเตย", "khlong toey": "คลองเตย", "klongtoey": "คลองเตย", "wattana": "วัฒนา",
    "sathorn": "สาทร", "pathumwan": "ปทุมวัน", "ladprao": "ลาดพร้าว", "lat phrao": "ลาดพร้าว",
    "lad phrao": "ลาดพร้าว", "bangkapi": "บางกะปิ", "bangna": "บางนา", "bang sue": "บางซื่อ",
    "bangsue": "บางซื่อ", "jatujak": "จตุจักร", "chatuchak": "จตุจักร", "chatuchuck": "จตุจักร",
    "phayathai": "พญาไท", "ratchatewi": "ราชเทวี", "rajthevi": "ราชเทวี", "thonburi": "ธนบุรี",
    "donmuang": "ดอนเมือง", "don muang": "ดอนเมือง", "huai kwang": "ห้วยขวาง", "huaykwang": "ห้วยขวาง",
    "bang kapi": "บางกะปิ", "prakanong": "พระโขนง", "phra khanong": "พระโขนง", "minburi": "มีนบุรี",
    "ladkrabang": "ลาดกระบัง", "lat krabang": "ลาดกระบัง", "bangrak": "บางรัก", "dindaeng": "ดินแดง",
}

# District names that are also roads, markets, stations or parks: bare mentions need a hint.
ROAD_LIKE = {
    "ลาดพร้าว", "สาทร", "บางนา", "พญาไท", "ดินแดง", "ดอนเมือง", "บางขุนเทียน", "ประเวศ", "สายไหม",
    "ลาดกระบัง", "มีนบุรี", "คลองเตย", "บางกะปิ", "พระโขนง", "ตลิ่งชัน", "บางกอกน้อย", "บางพลัด", "จตุจักร",
    "บางซื่อ", "สวนหลวง", "หนองจอก", "บางแค", "บางบอน", "ภาษีเจริญ", "ราชเทวี", "ห้วยขวาง", "บางรัก",
    "พระนคร", "ดุสิต", "ยานนาวา", "ธนบุรี", "หลักสี่", "สะพานสูง", "วังทองหลาง", "บางเขน",
    "จอมทอง", "คลองสาน", "ปทุมวัน",
}

# Words that mark the following name as a road, lane, canal or building rather than an area.
NOT_AREA_BEFORE = ("ถนน", "ถ.", "ซอย", "ซ.", "คลอง", "ตลาด", "สถานี", "แยก", "สะพาน", "ทางด่วน", "วัด",
                   "โรงเรียน", "ห้าง", "ด่าน", "สน.", "สนามบิน", "สวน", "ท่าเรือ", "ท่า", "ชุมชน", "หมู่บ้าน")

BANGKOK_HINTS = ("กรุงเทพมหานคร", "กรุงเทพฯ", "กรุงเทพ", "กทม", "bangkok", "bkk")
