"""Sentences about officers, routing and closing the loop, in Thai and English (merged into TEXTS)."""

OFFICER_TEXTS = {
    "officer_help": {
        "th": "คำสั่งสำหรับเจ้าหน้าที่ ({agency}):\n"
              "งาน หรือ /queue – งานของฉันและเรื่องใหม่ (งาน ใหม่ · งาน ของฉัน · งาน กำลังทำ · งาน ทั้งหมด)\n"
              "ดู TICKET หรือ /case TICKET – ดูเรื่อง\n"
              "รับ TICKET หรือ /accept TICKET – รับเรื่อง\n"
              "อัปเดต TICKET ข้อความ หรือ /update – แจ้งความคืบหน้า\n"
              "ส่งต่อ TICKET หน่วยงาน เหตุผล หรือ /forward – ส่งต่อ\n"
              "เชิญร่วม TICKET หน่วยงาน หรือ /invite – เชิญหน่วยงานร่วม\n"
              "เสร็จ TICKET ข้อความ หรือ /done – ปิดงาน (ส่งรูปหลังแก้ไข)\n"
              "ไม่เกี่ยวข้อง TICKET เหตุผล หรือ /reject – ไม่เกี่ยวข้อง\n"
              "ซ้ำ TICKET TICKETเดิม หรือ /duplicate – เรื่องซ้ำ\n"
              "หน่วยงาน หรือ /agency – หน่วยงานของฉัน\n"
              "สถิติ หรือ /stats – ระดับการให้บริการ 90 วันล่าสุด\n"
              "/link CODE – ผูกบัญชีหรือกลุ่ม LINE",
        "en": "Officer commands ({agency}):\n"
              "/queue [new|mine|inprogress|all] (งาน) – your cases and new ones\n"
              "/case TICKET (ดู) – show a case\n"
              "/accept TICKET (รับ) – take a case\n"
              "/update TICKET note (อัปเดต) – progress note\n"
              "/forward TICKET AGENCY reason (ส่งต่อ) – hand over\n"
              "/invite TICKET AGENCY (เชิญร่วม) – ask another agency to help\n"
              "/done TICKET note (เสร็จ) – finish, then send the after-photo\n"
              "/reject TICKET reason (ไม่เกี่ยวข้อง) – not relevant\n"
              "/duplicate TICKET OF_TICKET (ซ้ำ) – duplicate of another case\n"
              "/agency (หน่วยงาน) – your agency\n"
              "/stats (สถิติ) – your service levels, last 90 days\n"
              "/link CODE – link your LINE account or this group",
    },
    "my_agency": {"th": "หน่วยงาน: {name} ({code})\nรอรับเรื่อง {waiting} · กำลังดำเนินการ {inprogress}\n"
                        "เจ้าหน้าที่ที่ผูกบัญชี {officers} คน · กลุ่ม LINE {groups} กลุ่ม",
                  "en": "Agency: {name} ({code})\nWaiting {waiting} · in progress {inprogress}\n"
                        "Linked officers {officers} · LINE groups {groups}"},
    "officer_linked": {"th": "ผูกบัญชีแล้ว คุณเป็นเจ้าหน้าที่ของ {agency} ตอนนี้สามารถรับงาน อัปเดต ส่งต่อ และปิดงานได้ "
                             "พิมพ์ /help เพื่อดูคำสั่ง",
                       "en": "Linked. You are now an officer of {agency}: you can take, update, forward and "
                             "finish its cases. Send /help for the commands."},
    "group_joined": {"th": "สวัสดีครับ หากกลุ่มนี้เป็นของหน่วยงาน ให้เจ้าหน้าที่ที่ผูกบัญชีแล้วส่ง /link CODE ในกลุ่มนี้",
                     "en": "Hello. If this group belongs to an agency, a linked officer can send /link CODE here."},
    "group_linked": {"th": "ผูกกลุ่มนี้กับ {agency} แล้ว เรื่องใหม่จะแจ้งในกลุ่มนี้",
                     "en": "This group is now linked to {agency}; new cases will be posted here."},
    "refused": {"th": "ขออภัย ไม่สามารถทำรายการนี้ได้", "en": "Sorry, that cannot be done."},
    "bad_command": {"th": "คำสั่งไม่ครบหรือไม่ถูกต้อง ({problem}) รูปแบบที่ถูกต้อง: {usage}",
                    "en": "That command is incomplete or wrong ({problem}). The right form: {usage}"},
    "missing_args": {"th": "ขาดข้อมูล", "en": "something is missing"},
    "bad_ticket": {"th": "เลขเรื่องไม่ถูกต้อง", "en": "not a ticket id"},
    "bad_queue": {"th": "ไม่มีคิวนี้", "en": "no such queue"},
    "queue_empty": {"th": "{queue}: ไม่มีเรื่องในคิวนี้\n{counts}", "en": "{queue}: nothing in this queue.\n{counts}"},
    "queue_title": {"th": "{queue}: เรื่องที่ {first}–{last} จาก {total}\n{counts}\n"
                          "พิมพ์ งาน ใหม่ · งาน ของฉัน · งาน ทั้งหมด",
                    "en": "{queue}: {first}–{last} of {total}\n{counts}\n"
                          "Send /queue new · /queue mine · /queue all"},
    "queue_counts": {"th": "ของฉัน {mine} · ใหม่ {new} · เพื่อนร่วมงานดูแล {others}",
                     "en": "mine {mine} · new {new} · with colleagues {others}"},
    "queue_open": {"th": "งานของฉันและเรื่องใหม่", "en": "Mine and new"},
    "queue_new": {"th": "เรื่องใหม่", "en": "New"},
    "queue_mine": {"th": "งานของฉัน", "en": "Mine"},
    "queue_inprogress": {"th": "กำลังดำเนินการ", "en": "In progress"},
    "queue_all": {"th": "ทุกเรื่องที่เปิดอยู่", "en": "All open"},
    "done_ok": {"th": "บันทึกแล้ว: {ticket} {state}", "en": "Done: {ticket} is {state}"},
    "ask_after_photo": {"th": "กรุณาส่งรูปหลังแก้ไขของเรื่อง {ticket} เพื่อปิดงาน (พิมพ์ ยกเลิก เพื่อยกเลิก)",
                        "en": "Please send a photo of the fix for {ticket} to finish it (send cancel to stop)."},
    "ask_note": {"th": "พิมพ์ข้อความสำหรับเรื่อง {ticket}", "en": "Type the note for {ticket}."},
    "ask_agency": {"th": "ส่งต่อเรื่อง {ticket} ไปหน่วยงานไหน แตะชื่อ หรือพิมพ์บางส่วนของชื่อ (เช่น ระบายน้ำ หรือ บางรัก) "
                         "แล้วจะให้พิมพ์เหตุผลที่ส่งต่อ",
                   "en": "Forward {ticket} to which agency? Tap one, or type part of its name (e.g. drainage "
                         "or Bang Rak); you will then be asked for the reason."},
    "agency_choices_title": {"th": "ส่งต่อเรื่อง {ticket} ไปที่", "en": "Forward {ticket} to"},
    "agency_more": {"th": "และอีก {n} หน่วยงาน พิมพ์บางส่วนของชื่อเพื่อค้นหา",
                    "en": "and {n} more: type part of a name to find one"},
    "agency_found": {"th": "พบ {n} หน่วยงานที่ชื่อมี \"{words}\" แตะเลือก หรือพิมพ์ชื่อให้ละเอียดขึ้น",
                     "en": "{n} agencies match \"{words}\": tap one, or type more of the name."},
    "agency_not_found": {"th": "ไม่พบหน่วยงานที่ชื่อมี \"{words}\" ลองพิมพ์คำอื่น หรือพิมพ์ ยกเลิก",
                         "en": "No agency's name holds \"{words}\". Try other words, or send cancel."},
    "ask_forward_reason": {"th": "ส่งต่อเรื่อง {ticket} ไปที่ {agency}: พิมพ์เหตุผลที่ส่งต่อ (ผู้แจ้งจะเห็นเหตุผลนี้) "
                                 "หรือพิมพ์ ยกเลิก",
                           "en": "Forwarding {ticket} to {agency}: type the reason (the reporter will see it), "
                                 "or send cancel."},
    "ask_reason_again": {"th": "พิมพ์เหตุผลที่ส่งต่อเรื่อง {ticket} เป็นข้อความ หรือพิมพ์ ยกเลิก",
                         "en": "Type the reason for forwarding {ticket} as text, or send cancel."},
    "ask_reject_reason": {"th": "พิมพ์เหตุผลที่เรื่อง {ticket} ไม่เกี่ยวข้อง (ผู้แจ้งจะเห็นเหตุผลนี้) หรือพิมพ์ ยกเลิก",
                          "en": "Type why {ticket} is not relevant (the reporter will see it), or send cancel."},
    "prompt_cancelled": {"th": "ยกเลิกแล้ว", "en": "Cancelled."},
    "new_case_for_agency": {"th": "เรื่องใหม่ถึง {agency}: {ticket}", "en": "New case for {agency}: {ticket}"},
    "forwarded_to_agency": {"th": "มีเรื่องส่งต่อถึง {agency}: {ticket}", "en": "Case forwarded to {agency}: {ticket}"},
    "reopened_for_agency": {"th": "เรื่อง {ticket} ถูกเปิดใหม่: {note}", "en": "Case {ticket} was reopened: {note}"},
    "invited_agency": {"th": "{agency} ได้รับเชิญร่วมดำเนินการเรื่อง {ticket}",
                       "en": "{agency} is invited to help with {ticket}"},
    "info_added": {"th": "ผู้แจ้งเพิ่มข้อมูลเรื่อง {ticket}: {note}", "en": "The reporter added to {ticket}: {note}"},
    "status_update": {"th": "เรื่อง {ticket} ({agency}): {state}", "en": "Case {ticket} ({agency}): {state}"},
    "duplicate_update": {"th": "เรื่อง {ticket} ซ้ำกับเรื่อง {of} ซึ่งมีผู้แจ้งแล้ว คุณจะได้รับความคืบหน้าของเรื่อง {of} แทน",
                         "en": "Case {ticket} duplicates {of}, reported already; you will now get {of}'s updates."},
    "already_rated": {"th": "ท่านให้คะแนนการแก้ไขเรื่อง {ticket} ครั้งนี้ไปแล้ว {stars} ดาว ขอบคุณครับ",
                      "en": "You already rated this fix of {ticket} {stars} stars. Thank you!"},
    "ask_rating": {"th": "ให้คะแนนการแก้ไขเรื่องนี้ 1–5 ดาว", "en": "How well was this fixed? Rate it 1–5 stars."},
    "thanks_rating": {"th": "ขอบคุณสำหรับคะแนน {stars} ดาว หากยังไม่เรียบร้อย พิมพ์ \"เปิดใหม่ {ticket} เหตุผล\" ภายใน 14 วัน",
                      "en": "Thanks for the {stars} stars. If it is not fixed, send \"reopen {ticket} reason\" "
                            "within 14 days."},
    "reopened": {"th": "เปิดเรื่อง {ticket} ใหม่แล้ว ส่งกลับให้หน่วยงานดำเนินการ",
                 "en": "Case {ticket} is reopened and back in the agency's queue."},
    "reopen_usage": {"th": "พิมพ์ เปิดใหม่ TICKET เหตุผล", "en": "Send: reopen TICKET reason"},
    "cannot_now": {"th": "ทำรายการนี้กับเรื่อง {ticket} ไม่ได้ในตอนนี้", "en": "That cannot be done to {ticket} now."},
    "ask_information": {"th": "พิมพ์ข้อมูลหรือส่งรูปเพิ่มเติมสำหรับเรื่อง {ticket}",
                        "en": "Type the extra information or send photos for {ticket}."},
    "information_added": {"th": "เพิ่มข้อมูลในเรื่อง {ticket} แล้ว เจ้าหน้าที่จะได้รับทราบ",
                          "en": "Added to {ticket}; the officers will see it."},
    "nearby_found": {"th": "มีผู้แจ้งเรื่องคล้ายกันไว้ใกล้ ๆ นี้แล้ว ถ้าเป็นเรื่องเดียวกัน กดติดตามเพื่อรับ"
                           "ความคืบหน้า ถ้าไม่ใช่ กด \"ไม่ใช่ แจ้งต่อ\"",
                     "en": "Something similar was already reported nearby. If it is the same problem, "
                           "follow it to get its updates; if not, tap \"Not it, go on\"."},
    "follow": {"th": "ติดตามเรื่องนี้", "en": "Follow this"},
    "unfollow": {"th": "เลิกติดตาม", "en": "Unfollow"},
    "following": {"th": "ติดตามเรื่อง {ticket} แล้ว จะแจ้งความคืบหน้าให้ทราบ",
                  "en": "You now follow {ticket} and will get its updates."},
    "unfollowed": {"th": "เลิกติดตามเรื่อง {ticket} แล้ว", "en": "You no longer follow {ticket}."},
    "agency": {"th": "หน่วยงาน", "en": "Agency"},
    "waiting_for": {"th": "รอมาแล้ว", "en": "Waiting"},
    "btn_accept": {"th": "รับเรื่อง", "en": "Accept"},
    "btn_update": {"th": "อัปเดต", "en": "Update"},
    "btn_forward": {"th": "ส่งต่อ", "en": "Forward"},
    "btn_finish": {"th": "เสร็จสิ้น", "en": "Finish"},
    "btn_reject": {"th": "ไม่เกี่ยวข้อง", "en": "Reject"},
    "btn_add_info": {"th": "เพิ่มข้อมูล", "en": "Add information"},
    "btn_reopen": {"th": "เปิดใหม่", "en": "Reopen"},
    "ask_reopen_reason": {"th": "พิมพ์เหตุผลที่ขอเปิดเรื่อง {ticket} ใหม่", "en": "Type why {ticket} should be reopened."},
}
