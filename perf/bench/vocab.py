"""Word lists for the synthetic corpus: Vietnamese news vocabulary with its diacritics and đ.

Real words, so that accent-insensitive search ("dam phan" for "đàm phán") is exercised on
text shaped like the seed articles. Everything is NFC, as stored text always is.
"""

from core.text import nfc


def _words(text: str) -> tuple[str, ...]:
    return tuple(nfc(w.strip()) for w in text.split(",") if w.strip())


# Common words and phrases of political news; each quote draws a dozen of them.
WORDS = _words(
    """
    đàm phán, hội đàm, thượng đỉnh, an ninh, quốc phòng, kinh tế, chính phủ, tổng thống,
    ngoại giao, biên giới, hòa bình, chiến tranh, lệnh trừng phạt, quân đội, binh sĩ,
    đồng minh, liên minh, hiệp ước, thỏa thuận, cam kết, đảm bảo, pháp lý, mở rộng, phía Đông,
    căng thẳng, khu vực, toàn cầu, ổn định, chiến lược, song phương, đa phương, hợp tác,
    đối thoại, lập trường, quan điểm, phản đối, ủng hộ, cảnh báo, đe dọa, tấn công, phòng thủ,
    triển khai, rút quân, tập trận, vũ khí, hạt nhân, tên lửa, năng lượng, khí đốt, đường ống,
    xuất khẩu, nhập khẩu, thị trường, ngân hàng, tài chính, lạm phát, tăng trưởng, đầu tư,
    người dân, cử tri, quốc hội, thượng viện, hạ viện, bộ trưởng, đại sứ, phát ngôn viên,
    nhà lãnh đạo, người đồng cấp, phái đoàn, cuộc gặp, trực tuyến, điện đàm, tuyên bố, thông cáo,
    báo chí, phóng viên, nguồn tin, giới chức, chuyên gia, nhà phân tích, dư luận, quốc tế,
    Liên hợp quốc, châu Âu, Hoa Kỳ, nước Mỹ, nước Nga, Ukraine, Belarus, Trung Quốc, Nhật Bản,
    Matxcơva, Washington, Geneva, Kiev, Brussels, Bắc Kinh, Điện Kremlin, Nhà Trắng, Lầu Năm Góc,
    không, có, sẽ, đã, đang, vẫn, cũng, rằng, về, với, trong, ngoài, giữa, trước, sau, nhưng,
    và, hoặc, nếu, thì, vì, cho, của, các, những, một, hai, nhiều, mọi, rất, hơn, khoảng,
    quyết định, thực hiện, tiếp tục, kết thúc, bắt đầu, yêu cầu, đề nghị, chấp nhận, từ chối,
    khẳng định, phủ nhận, nhấn mạnh, bày tỏ, hy vọng, lo ngại, quan ngại, đáp trả, biện pháp,
    mạnh mẽ, nghiêm trọng, quan trọng, cần thiết, rõ ràng, cụ thể, lâu dài, ngắn hạn, trực tiếp,
    lợi ích, chủ quyền, lãnh thổ, độc lập, dân chủ, nhân quyền, tự do, công lý, trách nhiệm,
    đường lối, chính sách, kế hoạch, chương trình, dự án, ngân sách, viện trợ, hỗ trợ, cứu trợ,
    tình hình, vấn đề, thách thức, cơ hội, rủi ro, khủng hoảng, xung đột, giải pháp, lệnh ngừng bắn,
    đường đỏ, giới hạn, cam kết pháp lý, giải trừ quân bị, kiểm soát vũ khí, ổn định chiến lược,
    an ninh mạng, tin tặc, bầu cử, can thiệp, gián điệp, đại sứ quán, lãnh sự quán, thị thực
    """
)

# Rare words (about one quote in a thousand draws one): what a selective search looks for.
RARE_WORDS = _words("Vladivostok, Đà Nẵng, Kaliningrad, Murmansk, Hải Phòng, Sevastopol, Nghị định thư Minsk")

# How an article introduces a quote: "{lead} {speaker} {verb}: “…”".
LEADS = _words(
    "Theo TASS, Theo Reuters, Theo AFP, Theo Bloomberg, Trong cuộc họp báo, Tại cuộc gặp, "
    "Sau cuộc điện đàm, Trước đó, Cùng ngày, Trong tuyên bố, Phát biểu với báo chí"
)
VERBS = _words("cho biết, khẳng định, nhấn mạnh, tuyên bố, nói, cảnh báo, bày tỏ, cho rằng")

# Speakers: Vietnamese-style names, a role, and the alias spellings sources use for them.
FAMILY = _words("Nguyễn, Trần, Lê, Phạm, Hoàng, Huỳnh, Phan, Vũ, Võ, Đặng, Bùi, Đỗ, Hồ, Ngô, Dương, Lý")
MIDDLE = _words("Văn, Thị, Hữu, Đức, Minh, Quang, Thanh, Ngọc, Xuân, Thu")
GIVEN = _words(
    "An, Bình, Cường, Dũng, Giang, Hà, Hải, Hùng, Hương, Khánh, Lan, Long, Mai, Nam, Phong, Phúc, "
    "Quân, Sơn, Tâm, Thảo, Trang, Tuấn, Việt, Vy, Yến, Đạt, Định, Đông"
)
ROLES = _words(
    "Tổng thống, Thủ tướng, Bộ trưởng Ngoại giao, Bộ trưởng Quốc phòng, Người phát ngôn, Đại sứ, "
    "Cố vấn An ninh, Thượng nghị sĩ, Nghị sĩ, Tướng"
)
INSTITUTIONS = _words(
    "Điện Kremlin, Nhà Trắng, Bộ Ngoại giao, Bộ Quốc phòng, Lầu Năm Góc, Hội đồng Bảo an, "
    "Quốc hội, Ngân hàng Trung ương"
)

# Outlets and topics (propositions, English with a Vietnamese rendering).
OUTLETS = _words(
    "Pháp luật Việt Nam, VTC News, TASS, Reuters, AFP, Bloomberg, RIA Novosti, Tuổi Trẻ, Thanh Niên, "
    "VnExpress, Dân Trí, Zing News, Nhân Dân, Quân đội Nhân dân, Vietnamplus, BBC Tiếng Việt, VOA, "
    "Sputnik, Interfax, CNN, Associated Press, Kommersant, Izvestia, The Guardian, Le Monde"
)
TOPIC_SUBJECTS = (
    "NATO",
    "The United States",
    "Russia",
    "Ukraine",
    "The European Union",
    "China",
    "The G7",
    "The United Nations",
)
TOPIC_PREDICATES = (
    "should not expand further east",
    "will impose new sanctions",
    "should resume arms-control talks",
    "is massing troops at the border",
    "must guarantee gas transit",
    "should hold another summit",
    "is interfering in elections",
    "will deploy new missiles in Europe",
    "should lift trade restrictions",
    "must respect the Minsk agreements",
)
TOPIC_PREDICATES_VI = _words(
    "không nên mở rộng về phía Đông, sẽ áp đặt lệnh trừng phạt mới, nên nối lại đàm phán kiểm soát vũ khí, "
    "đang tập trung quân ở biên giới, phải đảm bảo trung chuyển khí đốt, nên tổ chức thượng đỉnh khác, "
    "đang can thiệp bầu cử, sẽ triển khai tên lửa mới ở châu Âu, nên dỡ bỏ hạn chế thương mại, "
    "phải tôn trọng thỏa thuận Minsk"
)
ENGLISH = (
    "says",
    "insists",
    "warns",
    "argues",
    "repeats",
    "denies",
    "stresses",
    "that",
    "the",
    "talks",
    "summit",
    "security",
    "guarantees",
    "border",
    "troops",
    "sanctions",
    "economy",
    "alliance",
    "treaty",
    "dialogue",
    "partners",
    "region",
    "missiles",
    "energy",
)
