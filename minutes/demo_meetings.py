"""A year (2019) of meetings and minutes for the demo district, seeded and written in bulk.

Every open branch meets monthly (a few months missing or not held) and holds a thematic
meeting in most quarters. Each held meeting gets one or two minutes revisions shaped as
``MinutesIn`` dumps them, and the rows ``save_minutes`` would leave: the roll-call of the
latest revision, its tasks, and its verdicts on the previous regular meeting's open tasks.
Nà Noong's October meeting is the sample minutes (shared/data/sample-minutes-regular.md).
A few minutes carry a deliberate error the checks catch; those stay drafts.
"""

from __future__ import annotations

import calendar
import datetime as dt
import itertools
import random
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, insert

from minutes.demo import GIVEN, MIDDLE, SURNAMES, DemoDistrict, Person, Unit
from minutes.i18n import nfc
from minutes.meetings.models import Attendance, Meeting, MinutesRevision, Submission, Task, TaskEvaluation
from minutes.meetings.schemas import MinutesIn

YEAR = 2019
LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")  # the demo district's own clock
MISSING_SHARE = 0.03
NOT_HELD_SHARE = 0.02
THEMATIC_SHARE = 0.85
COMBINED_SHARE = 0.08
ERROR_SHARE = 0.03
SHORT_SHARE = 0.04
TWO_REVISIONS_SHARE = 0.28
# Tết Nguyên đán Kỷ Hợi: the holiday ran 2–10 February 2019, so February meetings come after it.
FEBRUARY_DAYS = (11, 15)

CATEGORY_OF_TYPE = {
    "rural": "village", "urban": "village", "agency": "agency", "school": "school",
    "students": "school", "enterprise": "enterprise", "armed_forces": "armed",
}  # fmt: skip
EVENING_CATEGORIES = ("village",)
URBAN_WORD = re.compile(r"(?<!nông) thôn\b")


# --- Texts (Vietnamese data) -------------------------------------------------------------


@dataclass(frozen=True)
class Season:
    """Two months of a kind of branch: the focus of the meetings, moods and tasks."""

    focus: str
    ideology: tuple[str, ...]
    tasks: tuple[str, ...]


@dataclass(frozen=True)
class Topic:
    """A thematic meeting's subject."""

    title: str
    short: str
    summary: str
    document: str
    resolve: str


CHUYEN_DE_2019 = (
    "Xây dựng ý thức tôn trọng Nhân dân, phát huy dân chủ, chăm lo đời sống Nhân dân "
    "theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"
)

SEASONS: dict[str, tuple[Season, ...]] = {
    "village": (
        Season(
            "bảo đảm an ninh trật tự, tổ chức cho nhân dân đón Tết vui tươi, an toàn và chuẩn bị sản xuất vụ xuân",
            (
                "Đảng viên và nhân dân phấn khởi, tin tưởng; nhân dân quan tâm đón Tết Nguyên đán an toàn, tiết kiệm và chuẩn bị sản xuất vụ xuân.",
                "Tình hình tư tưởng ổn định; một số hộ nghèo còn khó khăn, lo thiếu vốn mua giống, phân bón cho vụ xuân.",
            ),
            (
                "Tuyên truyền nhân dân không sản xuất, tàng trữ, đốt pháo nổ",
                "Thăm hỏi, tặng quà các gia đình chính sách, hộ nghèo của thôn",
                "Phát động Tết trồng cây đầu xuân Kỷ Hợi",
                "Hoàn thành ký bản cam kết tu dưỡng, rèn luyện năm 2019 của đảng viên",
                "Tổ chức tuần tra, phòng chống trộm cắp gia súc",
                "Vận động nhân dân chống rét cho trâu, bò",
            ),
        ),
        Season(
            "chỉ đạo sản xuất vụ xuân, phòng cháy, chữa cháy rừng mùa khô",
            (
                "Nhân dân phấn khởi vì thời tiết thuận lợi cho sản xuất vụ xuân; một số hộ lo lắng về nguy cơ dịch bệnh trên đàn lợn.",
                "Đảng viên và nhân dân đồng tình với chủ trương của xã; một số hộ còn chủ quan khi đốt nương, dọn thực bì gần rừng.",
            ),
            (
                "Chỉ đạo gieo cấy lúa xuân, trồng ngô, thuốc lá đúng khung thời vụ",
                "Tổ chức trực phòng cháy, chữa cháy rừng trong mùa khô",
                "Rà soát, giới thiệu quần chúng ưu tú đi học lớp bồi dưỡng nhận thức về Đảng",
                "Vận động nhân dân tiêm phòng cho đàn gia súc, gia cầm",
                "Ra quân nạo vét kênh mương nội đồng",
                "Vận động nhân dân trồng rừng sản xuất trên diện tích đất trống",
            ),
        ),
        Season(
            "phòng, chống dịch tả lợn châu Phi, bảo đảm an toàn giao thông và thực hiện hương ước thôn",
            (
                "Nhiều hộ chăn nuôi lo lắng trước diễn biến của dịch tả lợn châu Phi, giá lợn hơi giảm mạnh.",
                "Nhân dân đồng tình với việc rà soát, bổ sung hương ước của thôn; một số thanh niên còn vi phạm an toàn giao thông.",
            ),
            (
                "Tuyên truyền phòng chống dịch tả lợn châu Phi, không giấu dịch, không vứt xác lợn chết ra môi trường",
                "Vận động các hộ tiêu độc, khử trùng chuồng trại bằng vôi bột",
                "Tuyên truyền an toàn giao thông, không uống rượu bia khi điều khiển phương tiện",
                "Rà soát, bổ sung hương ước, quy ước của thôn",
                "Rà soát trẻ em trong độ tuổi vào lớp 1, lớp 6 năm học 2019 – 2020",
                "Vận động các hộ tham gia bảo hiểm y tế hộ gia đình",
            ),
        ),
        Season(
            "thực hiện các tiêu chí nông thôn mới, làm đường giao thông nông thôn và phòng, chống thiên tai",
            (
                "Nhân dân phấn khởi vì đường bê tông nội thôn được đầu tư; một số hộ còn băn khoăn về việc hiến đất làm đường.",
                "Nhân dân lo lắng về mưa lớn kéo dài ảnh hưởng đến lúa mùa; đảng viên gương mẫu đi đầu trong các phong trào của thôn.",
            ),
            (
                "Rà soát các tiêu chí nông thôn mới thôn chưa đạt",
                "Vận động nhân dân hiến đất, góp ngày công làm đường bê tông nội thôn",
                "Tuyên truyền phòng chống đuối nước cho trẻ em trong mùa mưa lũ",
                "Khơi thông cống rãnh, kiểm tra các điểm có nguy cơ sạt lở",
                "Thăm hỏi các gia đình chính sách có hoàn cảnh khó khăn",
                "Chăm sóc lúa mùa, phòng trừ sâu bệnh",
            ),
        ),
        Season(
            "bảo vệ an ninh biên giới, phòng chống buôn lậu và hỗ trợ xóa nhà tạm cho hộ nghèo",
            (
                "Đảng viên và nhân dân phấn khởi trước kết quả thu hoạch lúa mùa; một số hộ còn lo lắng về giá nông sản thấp.",
                "Nhân dân quan tâm đến việc chuẩn bị đại hội đảng các cấp; tình hình an ninh khu vực biên giới ổn định.",
            ),
            (
                "Tuyên truyền nhân dân không xuất cảnh trái phép, không tham gia buôn lậu, vận chuyển hàng cấm",
                "Phối hợp với Đồn Biên phòng tuần tra, giữ gìn an ninh trật tự trên địa bàn",
                "Rà soát hộ còn ở nhà tạm, nhà dột nát để đề nghị hỗ trợ",
                "Thu hoạch lúa mùa, chuẩn bị đất trồng cây vụ đông",
                "Rà soát đối tượng quần chúng ưu tú để bồi dưỡng, phát triển đảng viên",
                "Vận động các hộ đóng góp quỹ khuyến học của thôn",
            ),
        ),
        Season(
            "phát huy sức mạnh đại đoàn kết ở khu dân cư, kiểm điểm, đánh giá, xếp loại đảng viên năm 2019",
            (
                "Nhân dân phấn khởi tham gia các hoạt động của Ngày hội Đại đoàn kết toàn dân tộc; đảng viên nghiêm túc chuẩn bị kiểm điểm cuối năm.",
                "Đảng viên quan tâm đến việc chuẩn bị đại hội chi bộ nhiệm kỳ 2020 – 2022; một số hộ lo thiếu nước cho cây vụ đông.",
            ),
            (
                "Kiểm điểm, đánh giá, xếp loại chất lượng đảng viên năm 2019",
                "Chuẩn bị văn kiện, nhân sự đại hội chi bộ nhiệm kỳ 2020 – 2022",
                "Hoàn thành thu nộp đảng phí năm 2019",
                "Tuyên truyền phòng chống cháy nổ, giữ gìn an ninh trật tự dịp cuối năm",
                "Vận động nhân dân chuẩn bị đất, giống cho vụ xuân 2020",
            ),
        ),
    ),
    "agency": (
        Season(
            "triển khai nhiệm vụ chuyên môn năm 2019, giữ nghiêm kỷ luật, kỷ cương dịp Tết",
            (
                "Cán bộ, đảng viên phấn khởi bước vào năm công tác mới; một số đồng chí lo khối lượng công việc đầu năm lớn.",
                "Tư tưởng đảng viên ổn định, đoàn kết; cán bộ, công chức chấp hành tốt quy định về trực Tết và tặng quà Tết.",
            ),
            (
                "Triển khai kế hoạch công tác năm 2019 của cơ quan",
                "Phân công trực cơ quan, bảo đảm an toàn tài sản dịp Tết Nguyên đán",
                "Hoàn thành ký bản cam kết tu dưỡng, rèn luyện năm 2019 của đảng viên",
                "Thực hiện nghiêm quy định không sử dụng xe công, ngân sách vào việc riêng dịp Tết",
            ),
        ),
        Season(
            "đẩy mạnh cải cách hành chính và thực hiện việc làm theo Bác năm 2019",
            (
                "Đảng viên đồng tình với các giải pháp cải cách hành chính; một số đồng chí lo áp lực giải quyết hồ sơ đúng hạn.",
                "Cán bộ, công chức yên tâm công tác; nhân dân đánh giá tinh thần phục vụ tại bộ phận một cửa có chuyển biến.",
            ),
            (
                "Giải quyết hồ sơ đúng hạn qua bộ phận tiếp nhận và trả kết quả",
                "Hoàn thành đăng ký việc làm theo Bác năm 2019 của từng đảng viên",
                "Rà soát, hoàn thiện quy chế làm việc, quy chế chi tiêu nội bộ",
                "Giới thiệu quần chúng ưu tú đi học lớp bồi dưỡng nhận thức về Đảng",
            ),
        ),
        Season(
            "sơ kết 6 tháng thực hiện nhiệm vụ và giữ nghiêm kỷ luật, kỷ cương hành chính",
            (
                "Đảng viên phấn khởi với kết quả công tác 5 tháng đầu năm; một số đồng chí băn khoăn về việc sắp xếp tổ chức bộ máy.",
                "Tư tưởng cán bộ, đảng viên ổn định; nhân dân quan tâm đến công tác phòng, chống dịch tả lợn châu Phi.",
            ),
            (
                "Xây dựng báo cáo sơ kết 6 tháng thực hiện nhiệm vụ chuyên môn",
                "Thực hiện công khai tài chính, quy chế dân chủ ở cơ quan",
                "Phối hợp tuyên truyền phòng chống dịch tả lợn châu Phi",
                "Tự kiểm tra việc chấp hành kỷ luật, kỷ cương hành chính, giờ giấc làm việc",
            ),
        ),
        Season(
            "triển khai Chỉ thị 35-CT/TW của Bộ Chính trị và thực hiện nhiệm vụ 6 tháng cuối năm",
            (
                "Đảng viên quan tâm đến việc chuẩn bị đại hội đảng bộ các cấp nhiệm kỳ 2020 – 2025.",
                "Cán bộ, đảng viên đoàn kết, yên tâm công tác; một số đồng chí lo tiến độ giải ngân vốn đầu tư công.",
            ),
            (
                "Quán triệt Chỉ thị 35-CT/TW của Bộ Chính trị về đại hội đảng bộ các cấp",
                "Thực hiện các giải pháp hoàn thành nhiệm vụ 6 tháng cuối năm",
                "Tổ chức các hoạt động kỷ niệm 50 năm thực hiện Di chúc của Chủ tịch Hồ Chí Minh",
                "Đẩy nhanh tiến độ giải ngân vốn đầu tư công năm 2019",
            ),
        ),
        Season(
            "chuẩn bị văn kiện đại hội đảng bộ nhiệm kỳ 2020 – 2025 và tiếp công dân, giải quyết đơn thư",
            (
                "Đảng viên tích cực đóng góp ý kiến vào dự thảo văn kiện đại hội; tư tưởng ổn định.",
                "Cán bộ, công chức phấn khởi với kết quả 9 tháng; một số đồng chí lo khối lượng công việc cuối năm lớn.",
            ),
            (
                "Góp ý dự thảo văn kiện đại hội đảng bộ nhiệm kỳ 2020 – 2025",
                "Rà soát, đánh giá kết quả công tác 9 tháng của cán bộ, công chức",
                "Thực hiện tốt công tác tiếp công dân, giải quyết đơn thư đúng hạn",
                "Hoàn thiện hồ sơ đảng viên, cập nhật lý lịch đảng viên",
            ),
        ),
        Season(
            "hoàn thành nhiệm vụ năm 2019, kiểm điểm, đánh giá, xếp loại đảng viên",
            (
                "Đảng viên nghiêm túc chuẩn bị kiểm điểm cuối năm; tư tưởng ổn định, đoàn kết.",
                "Cán bộ, đảng viên phấn khởi vì cơ quan cơ bản hoàn thành các chỉ tiêu năm 2019.",
            ),
            (
                "Kiểm điểm, đánh giá, xếp loại chất lượng đảng viên năm 2019",
                "Hoàn thành các chỉ tiêu, nhiệm vụ chuyên môn năm 2019",
                "Xây dựng kế hoạch công tác năm 2020",
                "Hoàn thành thu nộp đảng phí năm 2019",
            ),
        ),
    ),
    "school": (
        Season(
            "sơ kết học kỳ I, quản lý học sinh an toàn trong dịp Tết",
            (
                "Giáo viên, đảng viên phấn khởi với kết quả học kỳ I; một số đồng chí lo tỷ lệ học sinh đi học đều sau Tết.",
                "Tư tưởng đảng viên ổn định; phụ huynh đồng tình với kế hoạch dạy học học kỳ II.",
            ),
            (
                "Sơ kết học kỳ I năm học 2018 – 2019",
                "Quản lý học sinh, bảo đảm an toàn trong dịp nghỉ Tết",
                "Duy trì sĩ số, vận động học sinh nghỉ học dài ngày trở lại lớp",
                "Hoàn thành ký bản cam kết tu dưỡng, rèn luyện năm 2019 của đảng viên",
            ),
        ),
        Season(
            "nâng cao chất lượng dạy và học, bồi dưỡng học sinh giỏi, phụ đạo học sinh yếu",
            (
                "Giáo viên tích cực đổi mới phương pháp dạy học; một số đồng chí lo áp lực thi giáo viên dạy giỏi.",
                "Tư tưởng đảng viên ổn định; phụ huynh quan tâm đến kết quả học tập của học sinh.",
            ),
            (
                "Tổ chức thi giáo viên dạy giỏi cấp trường",
                "Bồi dưỡng học sinh giỏi, phụ đạo học sinh yếu",
                "Giới thiệu giáo viên ưu tú đi học lớp bồi dưỡng nhận thức về Đảng",
                "Tổ chức các hoạt động ngoại khóa chào mừng ngày thành lập Đoàn 26/3",
            ),
        ),
        Season(
            "tổng kết năm học 2018 – 2019 và quản lý học sinh trong dịp hè",
            (
                "Giáo viên phấn khởi với kết quả năm học; phụ huynh lo lắng về an toàn của học sinh trong dịp hè.",
                "Tư tưởng đảng viên ổn định; một số giáo viên hợp đồng băn khoăn về chế độ.",
            ),
            (
                "Tổ chức kiểm tra cuối năm, tổng kết năm học 2018 – 2019",
                "Chuẩn bị công tác tuyển sinh năm học 2019 – 2020",
                "Phối hợp với gia đình quản lý học sinh trong dịp hè, phòng chống đuối nước",
                "Đánh giá, xếp loại giáo viên theo chuẩn nghề nghiệp",
            ),
        ),
        Season(
            "bồi dưỡng chính trị hè và chuẩn bị các điều kiện cho năm học mới",
            (
                "Giáo viên phấn khởi tham gia bồi dưỡng chính trị hè; phụ huynh quan tâm đến việc chuẩn bị năm học mới.",
                "Tư tưởng đảng viên ổn định; một số đồng chí lo cơ sở vật chất chưa đáp ứng yêu cầu.",
            ),
            (
                "Tham gia đầy đủ lớp bồi dưỡng chính trị hè năm 2019",
                "Sửa chữa, vệ sinh trường lớp chuẩn bị năm học mới",
                "Hoàn thành tuyển sinh năm học 2019 – 2020",
                "Rà soát, bổ sung sách giáo khoa, đồ dùng dạy học",
            ),
        ),
        Season(
            "ổn định nền nếp đầu năm học 2019 – 2020 và xây dựng kế hoạch năm học",
            (
                "Giáo viên, học sinh phấn khởi bước vào năm học mới; phụ huynh đồng tình với kế hoạch năm học của nhà trường.",
                "Tư tưởng đảng viên ổn định; một số đồng chí lo sĩ số một số lớp còn đông.",
            ),
            (
                "Ổn định nền nếp, duy trì sĩ số học sinh",
                "Xây dựng kế hoạch năm học 2019 – 2020",
                "Tổ chức hội nghị viên chức đầu năm học",
                "Vận động học sinh tham gia bảo hiểm y tế, bảo hiểm thân thể",
            ),
        ),
        Season(
            "thi đua dạy tốt, học tốt, kiểm điểm, đánh giá, xếp loại đảng viên năm 2019",
            (
                "Giáo viên phấn khởi thi đua dạy tốt chào mừng Ngày Nhà giáo Việt Nam; đảng viên nghiêm túc chuẩn bị kiểm điểm cuối năm.",
                "Tư tưởng đảng viên ổn định; phụ huynh đồng tình với các hoạt động của nhà trường.",
            ),
            (
                "Kiểm điểm, đánh giá, xếp loại chất lượng đảng viên năm 2019",
                "Ôn tập, kiểm tra cuối học kỳ I",
                "Tổ chức thao giảng, dự giờ trong đợt thi đua dạy tốt",
                "Hoàn thành thu nộp đảng phí năm 2019",
            ),
        ),
    ),
    "enterprise": (
        Season(
            "bảo đảm sản xuất an toàn, liên tục dịp Tết và triển khai kế hoạch sản xuất, kinh doanh năm 2019",
            (
                "Người lao động phấn khởi vì được chăm lo Tết chu đáo; đảng viên yên tâm sản xuất.",
                "Tư tưởng đảng viên ổn định; một số đồng chí lo kế hoạch sản lượng năm 2019 cao.",
            ),
            (
                "Triển khai kế hoạch sản xuất, kinh doanh năm 2019",
                "Bố trí sản xuất, trực ca an toàn trong dịp Tết Nguyên đán",
                "Chăm lo đời sống, tổ chức Tết cho người lao động",
                "Hoàn thành ký bản cam kết tu dưỡng, rèn luyện năm 2019 của đảng viên",
            ),
        ),
        Season(
            "phấn đấu hoàn thành kế hoạch sản lượng quý, tiết kiệm chi phí",
            (
                "Người lao động có việc làm ổn định; một số đồng chí lo về an toàn lao động khi tăng sản lượng.",
                "Đảng viên phấn khởi, gương mẫu trong sản xuất; tư tưởng ổn định.",
            ),
            (
                "Phấn đấu hoàn thành kế hoạch sản lượng quý",
                "Thực hành tiết kiệm, giảm chi phí, hạ giá thành sản phẩm",
                "Giới thiệu công nhân ưu tú đi học lớp bồi dưỡng nhận thức về Đảng",
                "Kiểm tra việc chấp hành quy trình vận hành thiết bị",
            ),
        ),
        Season(
            "thực hiện Tháng hành động về an toàn, vệ sinh lao động và hoàn thành kế hoạch 6 tháng",
            (
                "Người lao động hưởng ứng Tháng hành động về an toàn, vệ sinh lao động; một số đồng chí lo nắng nóng kéo dài.",
                "Tư tưởng đảng viên ổn định, yên tâm sản xuất.",
            ),
            (
                "Tổ chức các hoạt động hưởng ứng Tháng hành động về an toàn, vệ sinh lao động",
                "Phòng chống nắng nóng, bảo đảm sức khỏe người lao động",
                "Phấn đấu hoàn thành kế hoạch sản lượng 6 tháng đầu năm",
                "Kiểm tra, bảo dưỡng máy móc, thiết bị",
            ),
        ),
        Season(
            "sơ kết 6 tháng sản xuất, kinh doanh và phòng chống mưa bão",
            (
                "Người lao động phấn khởi với kết quả 6 tháng; một số đồng chí lo mưa lớn ảnh hưởng đến sản xuất.",
                "Tư tưởng đảng viên ổn định; người lao động quan tâm đến chế độ, tiền lương.",
            ),
            (
                "Phòng chống mưa bão, sạt lở trong khu vực sản xuất",
                "Sơ kết 6 tháng thực hiện kế hoạch sản xuất, kinh doanh",
                "Phát động thi đua lao động sáng tạo, tăng năng suất",
                "Kiểm tra hệ thống thoát nước, kho bãi trong mùa mưa",
            ),
        ),
        Season(
            "phấn đấu hoàn thành kế hoạch 9 tháng và thi đua chào mừng đại hội đảng các cấp",
            (
                "Người lao động hăng hái thi đua; đảng viên quan tâm đến việc chuẩn bị đại hội đảng các cấp.",
                "Tư tưởng đảng viên ổn định; một số đồng chí lo tiến độ kế hoạch năm.",
            ),
            (
                "Phấn đấu hoàn thành kế hoạch sản lượng 9 tháng",
                "Tổ chức thi đua chào mừng đại hội đảng bộ các cấp",
                "Rà soát việc thực hiện thỏa ước lao động tập thể",
                "Bảo đảm an toàn phòng cháy, chữa cháy tại kho, xưởng",
            ),
        ),
        Season(
            "về đích kế hoạch sản xuất, kinh doanh năm 2019, kiểm điểm, đánh giá, xếp loại đảng viên",
            (
                "Người lao động phấn khởi vì đơn vị có khả năng hoàn thành kế hoạch năm; đảng viên nghiêm túc chuẩn bị kiểm điểm.",
                "Tư tưởng đảng viên ổn định; người lao động quan tâm đến thưởng cuối năm.",
            ),
            (
                "Phấn đấu về đích kế hoạch sản xuất, kinh doanh năm 2019",
                "Kiểm điểm, đánh giá, xếp loại chất lượng đảng viên năm 2019",
                "Xây dựng kế hoạch sản xuất, kinh doanh năm 2020",
                "Hoàn thành thu nộp đảng phí năm 2019",
            ),
        ),
    ),
    "armed": (
        Season(
            "duy trì nghiêm chế độ trực, bảo đảm an ninh trật tự dịp Tết",
            (
                "Cán bộ, chiến sĩ yên tâm công tác, sẵn sàng nhận nhiệm vụ dịp Tết; tư tưởng ổn định.",
                "Đảng viên đoàn kết; nhân dân tin tưởng lực lượng vũ trang trong việc giữ gìn an ninh trật tự.",
            ),
            (
                "Duy trì nghiêm chế độ trực sẵn sàng chiến đấu dịp Tết Nguyên đán",
                "Tuần tra, kiểm soát, phòng chống đốt pháo nổ",
                "Phối hợp giao, nhận quân năm 2019 an toàn",
                "Hoàn thành ký bản cam kết tu dưỡng, rèn luyện năm 2019 của đảng viên",
            ),
        ),
        Season(
            "huấn luyện năm 2019, phòng cháy rừng và nắm tình hình khu vực biên giới",
            (
                "Cán bộ, chiến sĩ hăng hái bước vào huấn luyện năm 2019; tư tưởng ổn định.",
                "Đảng viên đoàn kết; một số đồng chí lo điều kiện huấn luyện còn khó khăn.",
            ),
            (
                "Tổ chức huấn luyện theo kế hoạch năm 2019",
                "Phối hợp phòng cháy, chữa cháy rừng mùa khô",
                "Nắm tình hình an ninh khu vực biên giới",
                "Giới thiệu quần chúng ưu tú đi học lớp bồi dưỡng nhận thức về Đảng",
            ),
        ),
        Season(
            "tấn công, trấn áp tội phạm và kiểm soát vận chuyển lợn qua địa bàn",
            (
                "Cán bộ, chiến sĩ chấp hành nghiêm kỷ luật; tư tưởng ổn định.",
                "Đảng viên yên tâm công tác; nhân dân quan tâm đến việc kiểm soát dịch tả lợn châu Phi.",
            ),
            (
                "Tấn công, trấn áp tội phạm, bảo đảm an ninh trật tự",
                "Tuần tra, kiểm soát an toàn giao thông",
                "Phối hợp kiểm soát vận chuyển lợn qua địa bàn",
                "Rà soát đối tượng, địa bàn trọng điểm",
            ),
        ),
        Season(
            "sẵn sàng lực lượng phòng chống lụt bão và phòng chống buôn lậu qua biên giới",
            (
                "Cán bộ, chiến sĩ sẵn sàng nhận nhiệm vụ phòng chống thiên tai; tư tưởng ổn định.",
                "Đảng viên đoàn kết, chấp hành nghiêm chế độ trực.",
            ),
            (
                "Sẵn sàng lực lượng, phương tiện phòng chống lụt bão, tìm kiếm cứu nạn",
                "Phòng chống buôn lậu, vận chuyển hàng cấm qua biên giới",
                "Sơ kết 6 tháng công tác",
                "Thăm hỏi gia đình chính sách trên địa bàn",
            ),
        ),
        Season(
            "bảo đảm an ninh trật tự, chuẩn bị tuyển quân năm 2020",
            (
                "Cán bộ, chiến sĩ yên tâm công tác; tư tưởng ổn định.",
                "Đảng viên quan tâm đến việc chuẩn bị đại hội đảng các cấp.",
            ),
            (
                "Tuần tra, giữ gìn an ninh trật tự khu vực biên giới",
                "Phối hợp đăng ký, khám tuyển nghĩa vụ quân sự năm 2020",
                "Rà soát đối tượng, địa bàn trọng điểm",
                "Bảo đảm an ninh trật tự các sự kiện chính trị của địa phương",
            ),
        ),
        Season(
            "kiểm điểm, đánh giá, xếp loại đảng viên năm 2019 và bảo đảm an ninh trật tự cuối năm",
            (
                "Cán bộ, chiến sĩ phấn khởi chuẩn bị kỷ niệm 75 năm Ngày thành lập Quân đội nhân dân Việt Nam.",
                "Đảng viên nghiêm túc chuẩn bị kiểm điểm cuối năm; tư tưởng ổn định.",
            ),
            (
                "Kiểm điểm, đánh giá, xếp loại chất lượng đảng viên năm 2019",
                "Bảo đảm an ninh trật tự dịp cuối năm",
                "Hoàn thành khám tuyển nghĩa vụ quân sự năm 2020",
                "Hoàn thành thu nộp đảng phí năm 2019",
            ),
        ),
    ),
}

# Tasks that belong to one month only (dated events), offered before the season's tasks.
MONTH_TASKS: dict[str, dict[int, str]] = {
    "village": {
        1: "Tổ chức cho nhân dân đón Tết Nguyên đán Kỷ Hợi an toàn, tiết kiệm",
        7: "Thăm hỏi các gia đình thương binh, liệt sĩ nhân ngày 27/7",
        11: "Tổ chức Ngày hội Đại đoàn kết toàn dân tộc ở khu dân cư (18/11)",
    },
    "agency": {7: "Thăm hỏi các gia đình thương binh, liệt sĩ nhân ngày 27/7"},
    "school": {
        8: "Chuẩn bị lễ khai giảng năm học 2019 – 2020",
        11: "Tổ chức các hoạt động chào mừng Ngày Nhà giáo Việt Nam 20/11",
    },
    "enterprise": {5: "Tổ chức lễ phát động Tháng hành động về an toàn, vệ sinh lao động"},
    "armed": {
        10: "Phối hợp đăng ký, khám tuyển nghĩa vụ quân sự năm 2020",
        12: "Tổ chức các hoạt động kỷ niệm 75 năm Ngày thành lập Quân đội nhân dân Việt Nam",
    },
}

# What the news briefing told each month (2019 events, as a secretary would summarise them).
NATIONAL_NEWS: dict[int, str] = {
    1: "Luật An ninh mạng có hiệu lực từ ngày 01/01/2019; cả nước chuẩn bị đón Tết Nguyên đán Kỷ Hợi",
    2: "kỷ niệm 89 năm Ngày thành lập Đảng Cộng sản Việt Nam (03/02/1930 – 03/02/2019); Hà Nội chuẩn bị đăng cai Hội nghị thượng đỉnh Hoa Kỳ – Triều Tiên lần thứ hai",
    3: "Hội nghị thượng đỉnh Hoa Kỳ – Triều Tiên lần thứ hai tổ chức tại Hà Nội (27 – 28/02/2019); dịch tả lợn châu Phi xuất hiện ở một số tỉnh phía Bắc",
    4: "kỷ niệm 88 năm Ngày thành lập Đoàn Thanh niên Cộng sản Hồ Chí Minh; dịch tả lợn châu Phi tiếp tục lan rộng, nguy cơ xâm nhiễm vào địa bàn tỉnh rất cao",
    5: "kỷ niệm 44 năm Ngày giải phóng miền Nam, thống nhất đất nước và 129 năm Ngày sinh Chủ tịch Hồ Chí Minh; dịch tả lợn châu Phi diễn biến phức tạp",
    6: "Kỳ họp thứ 7, Quốc hội khóa XIV đang diễn ra; Bộ Chính trị ban hành Chỉ thị 35-CT/TW ngày 30/5/2019 về đại hội đảng bộ các cấp",
    7: "Việt Nam được bầu làm Ủy viên không thường trực Hội đồng Bảo an Liên hợp quốc nhiệm kỳ 2020 – 2021; Quốc hội thông qua Luật Giáo dục (sửa đổi) và Luật Phòng, chống tác hại của rượu, bia",
    8: "kỷ niệm 72 năm Ngày Thương binh – Liệt sĩ; cả nước chuẩn bị kỷ niệm 50 năm thực hiện Di chúc của Chủ tịch Hồ Chí Minh và 74 năm Quốc khánh 2/9",
    9: "cả nước kỷ niệm 50 năm thực hiện Di chúc của Chủ tịch Hồ Chí Minh (1969 – 2019) và 74 năm Quốc khánh; khai giảng năm học 2019 – 2020",
    10: "kỷ niệm 89 năm Ngày thành lập Hội Nông dân Việt Nam và Hội Liên hiệp Phụ nữ Việt Nam; các đảng bộ chuẩn bị đại hội nhiệm kỳ 2020 – 2025",
    11: "Kỳ họp thứ 8, Quốc hội khóa XIV đang diễn ra; kỷ niệm 89 năm Ngày truyền thống Mặt trận Tổ quốc Việt Nam (18/11)",
    12: "chuẩn bị kỷ niệm 75 năm Ngày thành lập Quân đội nhân dân Việt Nam và 30 năm Ngày hội Quốc phòng toàn dân (22/12)",
}

# The upper-level document passed on each month; {upper} is the committee above.
DOCUMENTS: dict[int, str] = {
    1: "Kế hoạch của {upper} về lãnh đạo tổ chức Tết Nguyên đán Kỷ Hợi 2019",
    2: "Chương trình công tác năm 2019 của {upper}",
    3: "Kế hoạch của {upper} về học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh năm 2019",
    4: "Công văn của {upper} về tăng cường phòng, chống dịch tả lợn châu Phi",
    5: "Kế hoạch của {upper} tổ chức các hoạt động kỷ niệm 129 năm Ngày sinh Chủ tịch Hồ Chí Minh",
    6: "Chỉ thị 35-CT/TW ngày 30/5/2019 của Bộ Chính trị về đại hội đảng bộ các cấp tiến tới Đại hội đại biểu toàn quốc lần thứ XIII của Đảng",
    7: "Kế hoạch của {upper} thực hiện Chỉ thị 35-CT/TW của Bộ Chính trị",
    8: "Kế hoạch của {upper} tổ chức kỷ niệm 50 năm thực hiện Di chúc của Chủ tịch Hồ Chí Minh",
    9: "Kế hoạch của {upper} về tổ chức đại hội các chi bộ trực thuộc nhiệm kỳ 2020 – 2022",
    10: "Kế hoạch của {upper} về tổ chức đại hội đảng bộ nhiệm kỳ 2020 – 2025",
    11: "Hướng dẫn của {upper} về kiểm điểm, đánh giá, xếp loại chất lượng tổ chức đảng và đảng viên năm 2019",
    12: "Hướng dẫn của {upper} về kiểm điểm, đánh giá, xếp loại năm 2019",
}

GOOD_DEEDS: dict[str, tuple[str, ...]] = {
    "village": (
        "tích cực hiến đất làm đường nội thôn", "giúp đỡ hộ nghèo giống cây trồng, ngày công",
        "đi đầu trồng rừng kinh tế, phát triển chăn nuôi", "gương mẫu vận động các hộ tham gia bảo hiểm y tế",
    ),
    "agency": (
        "giải quyết hồ sơ của người dân nhanh, đúng hạn", "có ý kiến đề xuất hay trong cải cách hành chính",
        "tận tình hướng dẫn người dân làm thủ tục", "hoàn thành xuất sắc nhiệm vụ được giao trong tháng",
    ),
    "school": (
        "có học sinh đạt giải trong kỳ thi học sinh giỏi", "nhiệt tình phụ đạo học sinh yếu ngoài giờ",
        "đến tận nhà vận động học sinh bỏ học trở lại lớp", "có sáng kiến kinh nghiệm được công nhận",
    ),
    "enterprise": (
        "có sáng kiến cải tiến kỹ thuật làm lợi cho đơn vị", "vượt năng suất lao động trong tháng",
        "gương mẫu chấp hành quy trình an toàn lao động", "nhiệt tình kèm cặp công nhân mới",
    ),
    "armed": (
        "dũng cảm tham gia cứu người bị nạn", "hoàn thành xuất sắc nhiệm vụ tuần tra, kiểm soát",
        "có thành tích trong đấu tranh phòng chống tội phạm", "gương mẫu chấp hành điều lệnh, kỷ luật",
    ),
}  # fmt: skip
WEAKNESSES: dict[str, tuple[str, ...]] = {
    "village": (
        "chưa thường xuyên đến với các hộ được phân công phụ trách",
        "có lúc còn ngại va chạm khi vận động nhân dân", "chưa đi đầu trong chuyển đổi cơ cấu cây trồng",
    ),
    "agency": (
        "có lúc giải quyết công việc còn chậm", "tác phong giao tiếp với người dân có lúc chưa niềm nở",
        "chưa dành nhiều thời gian nghiên cứu văn bản mới",
    ),
    "school": (
        "chưa đầu tư nhiều cho đổi mới phương pháp dạy học", "có lúc chưa quan tâm đến học sinh có hoàn cảnh khó khăn",
        "việc tự học, tự bồi dưỡng còn hạn chế",
    ),
    "enterprise": (
        "có lúc chưa chấp hành đầy đủ quy trình an toàn", "chưa mạnh dạn đề xuất cải tiến kỹ thuật",
        "việc kèm cặp công nhân mới còn hạn chế",
    ),
    "armed": (
        "có lúc chưa sâu sát địa bàn", "việc nắm tình hình nhân dân còn hạn chế",
        "chưa thường xuyên tự học tập nâng cao trình độ",
    ),
}  # fmt: skip
CONCERNS: dict[str, tuple[str, ...]] = {
    "village": (
        "các hộ nghèo, hộ cận nghèo trong thôn", "việc giữ gìn vệ sinh môi trường khu dân cư",
        "thanh niên trong thôn đi làm ăn xa", "việc tuyên truyền trên loa truyền thanh của thôn",
    ),
    "agency": (
        "chất lượng phục vụ người dân tại bộ phận một cửa", "việc thực hiện quy chế dân chủ trong cơ quan",
        "việc ứng dụng công nghệ thông tin trong công việc",
    ),
    "school": (
        "học sinh có hoàn cảnh khó khăn", "an toàn của học sinh trên đường đến trường",
        "việc phối hợp giữa nhà trường và gia đình",
    ),
    "enterprise": (
        "đời sống, việc làm của người lao động", "an toàn lao động ở các ca đêm",
        "việc tiết kiệm vật tư, nhiên liệu",
    ),
    "armed": (
        "việc nắm tình hình địa bàn biên giới", "chế độ trực và sẵn sàng chiến đấu",
        "việc phối hợp với các lực lượng ở cơ sở",
    ),
}  # fmt: skip
NOT_DONE_CAUSES: dict[str, tuple[str, ...]] = {
    "village": ("mưa lớn kéo dài", "nhân dân đang vào vụ thu hoạch", "chưa có kinh phí", "một số hộ chưa đồng thuận"),
    "agency": ("chưa có hướng dẫn của cấp trên", "khối lượng công việc đột xuất nhiều", "còn vướng thủ tục"),
    "school": ("trùng lịch kiểm tra chuyên môn", "chưa bố trí được kinh phí", "giáo viên đi tập huấn"),
    "enterprise": ("thiết bị gặp sự cố", "chưa có vật tư thay thế", "thời tiết không thuận lợi"),
    "armed": ("lực lượng làm nhiệm vụ đột xuất", "chưa có hướng dẫn của cấp trên", "thời tiết không thuận lợi"),
}  # fmt: skip
EXCUSES: dict[str, tuple[str, ...]] = {
    "village": ("Đi làm ăn xa", "Ốm", "Đi viện", "Việc gia đình", "Đi thăm người nhà ốm"),
    "agency": ("Đi công tác", "Ốm", "Đi học lớp bồi dưỡng", "Việc gia đình"),
    "school": ("Đi tập huấn chuyên môn", "Ốm", "Việc gia đình", "Đi công tác"),
    "enterprise": ("Làm ca", "Đi công tác", "Ốm", "Việc gia đình"),
    "armed": ("Làm nhiệm vụ trực", "Đi công tác", "Tuần tra biên giới", "Ốm"),
}  # fmt: skip
# (reason, months it fits; empty for any month)
NOT_HELD_REASONS: dict[str, tuple[tuple[str, tuple[int, ...]], ...]] = {
    "village": (
        ("Mưa lũ, đường vào thôn bị chia cắt", (6, 7, 8, 9)),
        ("Thôn tập trung tiêu hủy lợn bị dịch tả lợn châu Phi", (5, 6, 7)),
        ("Đồng chí Bí thư chi bộ ốm nằm viện, chưa bố trí được người chủ trì", ()),
        ("Trùng lịch diễn tập phòng thủ của xã", ()),
    ),
    "agency": (
        ("Cơ quan tập trung phục vụ diễn tập khu vực phòng thủ", ()),
        ("Trùng lịch hội nghị của cấp trên, nhiều đảng viên đi công tác", ()),
    ),
    "school": (
        ("Nghỉ hè, nhiều đảng viên đi tập huấn chuyên môn", (6, 7, 8)),
        ("Trùng lịch kiểm tra cuối học kỳ", (1, 5, 12)),
        ("Trùng lịch hội nghị của cấp trên, nhiều đảng viên đi công tác", ()),
    ),
    "enterprise": (
        ("Đơn vị tập trung xử lý sự cố thiết bị", ()),
        ("Nhiều đảng viên làm ca, không bố trí được thời gian", ()),
    ),
    "armed": (
        ("Lực lượng tập trung làm nhiệm vụ đột xuất", ()),
        ("Trùng lịch diễn tập của cấp trên", ()),
    ),
}
DONE_NOTES = ("Đã hoàn thành", "Hoàn thành đúng thời hạn", "Đã thực hiện xong", "Hoàn thành, đạt yêu cầu")
PARTLY_NOTES = ("Mới thực hiện được một phần", "Đang triển khai, chưa xong")

# Thematic topics by quarter: "all" for every kind of branch, then by kind.
HCM_2019 = Topic(
    f"Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh: {CHUYEN_DE_2019}",
    "chuyên đề học tập và làm theo Bác năm 2019",
    "Chuyên đề nêu những lời dạy của Bác về tôn trọng, lắng nghe và chăm lo đời sống Nhân dân; liên hệ việc thực hiện dân chủ ở cơ sở và trách nhiệm nêu gương của đảng viên",
    "Tài liệu chuyên đề năm 2019 của Ban Tuyên giáo Trung ương; Chỉ thị 05-CT/TW ngày 15/5/2016 của Bộ Chính trị",
    "gần dân, lắng nghe ý kiến của nhân dân và giải quyết kịp thời những việc nhân dân cần",
)
TESTAMENT_50 = Topic(
    "50 năm thực hiện Di chúc của Chủ tịch Hồ Chí Minh (1969 – 2019)",
    "Di chúc của Chủ tịch Hồ Chí Minh",
    "Chuyên đề ôn lại những nội dung cơ bản của Di chúc: xây dựng, chỉnh đốn Đảng, đoàn kết trong Đảng, chăm lo đời sống Nhân dân; kết quả 50 năm thực hiện Di chúc ở địa phương",
    "Di chúc của Chủ tịch Hồ Chí Minh; tài liệu tuyên truyền của Ban Tuyên giáo Tỉnh ủy",
    "giữ gìn đoàn kết nội bộ, thực hành tiết kiệm và làm theo lời Bác trong công việc hằng ngày",
)
DIRECTIVE_35 = Topic(
    "Chỉ thị 35-CT/TW của Bộ Chính trị về đại hội đảng bộ các cấp tiến tới Đại hội đại biểu toàn quốc lần thứ XIII của Đảng",
    "Chỉ thị 35-CT/TW",
    "Chuyên đề quán triệt mục đích, yêu cầu, nội dung văn kiện và công tác nhân sự đại hội; trách nhiệm của chi bộ trong chuẩn bị đại hội nhiệm kỳ mới",
    "Chỉ thị 35-CT/TW ngày 30/5/2019 của Bộ Chính trị",
    "tích cực góp ý văn kiện và chuẩn bị tốt đại hội chi bộ",
)
RESOLUTION_4 = Topic(
    "Nghị quyết Trung ương 4 khóa XII về tăng cường xây dựng, chỉnh đốn Đảng; ngăn chặn, đẩy lùi sự suy thoái về tư tưởng chính trị, đạo đức, lối sống, những biểu hiện “tự diễn biến”, “tự chuyển hóa” trong nội bộ",
    "Nghị quyết Trung ương 4 khóa XII",
    "Chuyên đề nêu 27 biểu hiện suy thoái, “tự diễn biến”, “tự chuyển hóa”; yêu cầu mỗi đảng viên tự soi, tự sửa",
    "Nghị quyết 04-NQ/TW ngày 30/10/2016 của Ban Chấp hành Trung ương Đảng",
    "tự soi, tự sửa, không để vi phạm những biểu hiện suy thoái",
)
THEMATIC: dict[int, dict[str, tuple[Topic, ...]]] = {
    1: {"all": (HCM_2019, HCM_2019)},
    2: {
        "all": (RESOLUTION_4,),
        "village": (
            Topic(
                "Phát huy vai trò đảng viên trong phòng, chống dịch tả lợn châu Phi và phát triển chăn nuôi an toàn sinh học",
                "phòng, chống dịch tả lợn châu Phi",
                "Chuyên đề nêu đặc điểm của dịch, các biện pháp chăn nuôi an toàn sinh học và trách nhiệm của đảng viên phụ trách nhóm hộ",
                "Tài liệu hướng dẫn của Trạm Chăn nuôi và Thú y huyện",
                "gương mẫu chăn nuôi an toàn và vận động các hộ không giấu dịch",
            ),
        ),
        "agency": (
            Topic(
                "Đẩy mạnh cải cách hành chính, nâng cao chất lượng phục vụ Nhân dân",
                "cải cách hành chính",
                "Chuyên đề đánh giá kết quả cải cách hành chính của cơ quan, những thủ tục còn chậm và giải pháp nâng cao chỉ số hài lòng của người dân",
                "Kế hoạch cải cách hành chính năm 2019 của Ủy ban nhân dân huyện",
                "giải quyết hồ sơ đúng hạn, không gây phiền hà cho người dân",
            ),
        ),
        "school": (
            Topic(
                "Nâng cao chất lượng giáo dục đạo đức, lối sống cho học sinh",
                "giáo dục đạo đức, lối sống cho học sinh",
                "Chuyên đề nêu thực trạng đạo đức, lối sống của học sinh và trách nhiệm của giáo viên, đảng viên trong giáo dục toàn diện",
                "Nghị quyết 29-NQ/TW ngày 04/11/2013 về đổi mới căn bản, toàn diện giáo dục và đào tạo",
                "gương mẫu, gần gũi học sinh và phối hợp chặt chẽ với gia đình",
            ),
        ),
        "enterprise": (
            Topic(
                "Bảo đảm an toàn, vệ sinh lao động và phòng chống cháy nổ trong sản xuất",
                "an toàn, vệ sinh lao động",
                "Chuyên đề phân tích các nguy cơ mất an toàn trong sản xuất của đơn vị và trách nhiệm nêu gương của đảng viên",
                "Luật An toàn, vệ sinh lao động năm 2015; nội quy an toàn của đơn vị",
                "chấp hành nghiêm quy trình an toàn và nhắc nhở đồng nghiệp cùng thực hiện",
            ),
        ),
        "armed": (
            Topic(
                "Nâng cao chất lượng huấn luyện, sẵn sàng chiến đấu, bảo vệ vững chắc chủ quyền, an ninh biên giới",
                "sẵn sàng chiến đấu, bảo vệ biên giới",
                "Chuyên đề nêu tình hình khu vực biên giới, yêu cầu nhiệm vụ huấn luyện và sẵn sàng chiến đấu năm 2019",
                "Nghị quyết của Đảng ủy cấp trên về nhiệm vụ quốc phòng, an ninh năm 2019",
                "nâng cao trình độ, chấp hành nghiêm chế độ trực sẵn sàng chiến đấu",
            ),
        ),
    },
    3: {
        "all": (TESTAMENT_50, TESTAMENT_50),
        "village": (
            Topic(
                "Đảng viên gương mẫu tham gia bảo vệ chủ quyền, an ninh biên giới và phòng, chống buôn lậu",
                "bảo vệ an ninh biên giới",
                "Chuyên đề nêu tình hình an ninh khu vực biên giới, các thủ đoạn buôn lậu, xuất cảnh trái phép và trách nhiệm của đảng viên trong phong trào toàn dân bảo vệ an ninh Tổ quốc",
                "Tài liệu tuyên truyền của Đồn Biên phòng; Luật Biên giới quốc gia",
                "tham gia tự quản đường biên, cột mốc và vận động người thân không buôn lậu",
            ),
        ),
        "agency": (RESOLUTION_4,),
    },
    4: {
        "all": (DIRECTIVE_35, HCM_2019),
        "school": (
            Topic(
                "Mỗi thầy giáo, cô giáo là một tấm gương đạo đức, tự học và sáng tạo",
                "tấm gương đạo đức, tự học và sáng tạo",
                "Chuyên đề nêu những tấm gương nhà giáo tiêu biểu của trường, yêu cầu tự học, tự bồi dưỡng chuyên môn, nghiệp vụ",
                "Kế hoạch của Phòng Giáo dục và Đào tạo huyện",
                "tự học, đổi mới phương pháp và làm gương cho học sinh",
            ),
        ),
        "armed": (
            Topic(
                "Học tập và làm theo lời Bác: “Trung với nước, hiếu với dân, nhiệm vụ nào cũng hoàn thành, khó khăn nào cũng vượt qua, kẻ thù nào cũng đánh thắng”",
                "lời Bác dạy lực lượng vũ trang",
                "Chuyên đề ôn lại truyền thống 75 năm Quân đội nhân dân Việt Nam và lời khen của Bác; liên hệ nhiệm vụ của đơn vị",
                "Tài liệu tuyên truyền kỷ niệm 75 năm Ngày thành lập Quân đội nhân dân Việt Nam",
                "rèn luyện bản lĩnh, gắn bó với nhân dân trên địa bàn",
            ),
        ),
    },
}


# --- Planned data --------------------------------------------------------------------------


@dataclass(frozen=True)
class Delegate:
    """An upper-level committee member who attends some meetings of a branch."""

    name: str
    post: str
    level: str


@dataclass(frozen=True)
class Branch:
    """What every meeting of one branch shares."""

    unit: Unit
    category: str
    place: str
    evening: bool
    upper: str
    locality: str
    roster: tuple[Person, ...]
    chair: Person
    recorder: Person
    follower: Delegate | None
    clerk_id: int | None = None
    secretary_id: int | None = None


@dataclass
class Slot:
    """One planned meeting of a branch."""

    branch: Branch
    kind: str
    period: str
    month: int
    start: dt.datetime
    held: bool = True
    reason: str | None = None
    topic: Topic | None = None
    meeting_id: int = 0


@dataclass
class OpenTask:
    """A task the next regular meeting must evaluate, with how often it was evaluated."""

    id: int
    meeting_id: int
    position: int
    title: str
    evaluations: int = 0


@dataclass
class Minutes:
    """One revision's content before it becomes the ``MinutesIn`` dump."""

    start: dt.datetime
    end: dt.datetime | None
    place: str
    chair_id: int
    recorder_id: int
    attendance: list[dict[str, Any]]
    delegates: list[dict[str, Any]] = field(default_factory=list)
    documents: str | None = None
    sections: dict[str, str] = field(default_factory=dict)
    opinions: list[dict[str, Any]] = field(default_factory=list)
    tasks: list[dict[str, Any]] = field(default_factory=list)
    previous_tasks: list[dict[str, Any]] = field(default_factory=list)
    votes: dict[str, dict[str, int]] = field(default_factory=dict)
    self_score: int | None = None

    def content(self) -> dict[str, Any]:
        """The revision's content, dumped by ``MinutesIn`` exactly as ``save_minutes`` stores it."""
        body = MinutesIn.model_validate(
            {
                "version": 0,
                "started_at": self.start,
                "ended_at": self.end,
                "place": self.place,
                "chair_member_id": self.chair_id,
                "recorder_member_id": self.recorder_id,
                "attendance": self.attendance,
                "delegates": self.delegates,
                "documents": self.documents,
                "sections": self.sections,
                "opinions": self.opinions,
                "tasks": self.tasks,
                "previous_tasks": self.previous_tasks,
                "votes": self.votes,
                "self_score": self.self_score,
            }
        )
        return body.model_dump(mode="json", by_alias=True, exclude={"version", "client_save_id"})


@dataclass
class YearRows:
    """The rows of the demo year, ids assigned, ready for bulk inserts."""

    meetings: list[dict[str, Any]] = field(default_factory=list)
    revisions: list[dict[str, Any]] = field(default_factory=list)
    attendance: list[dict[str, Any]] = field(default_factory=list)
    tasks: list[dict[str, Any]] = field(default_factory=list)
    evaluations: list[dict[str, Any]] = field(default_factory=list)
    submissions: list[dict[str, Any]] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """Rows per table, and the meetings that have minutes."""
        return {
            "meetings": len(self.meetings),
            "minutes": sum(1 for m in self.meetings if m["minutes_version"]),
            "revisions": len(self.revisions),
            "attendance": len(self.attendance),
            "tasks": len(self.tasks),
            "evaluations": len(self.evaluations),
            "submissions": len(self.submissions),
        }


# --- Helpers -------------------------------------------------------------------------------


def _texts(*parts: str) -> str:
    """Sentences joined into one paragraph, NFC."""
    return nfc(" ".join(part for part in parts if part))


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _month_label(month: int) -> str:
    """The month as minutes name it: "tháng 9", or "tháng 12 năm 2018" before January."""
    return f"tháng {month}" if month >= 1 else f"tháng 12 năm {YEAR - 1}"


def _short_date(day: dt.date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def _last_day(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _next_month(year: int, month: int) -> tuple[int, int]:
    return (year + 1, 1) if month == 12 else (year, month + 1)


def _weekday_on_or_after(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def _upper_name(parent: Unit) -> str:
    """The committee above as documents name it: "Đảng ủy xã Minh Phát", "Huyện ủy Lộc Bình"."""
    if parent.parent_id is None:
        return "Huyện ủy Lộc Bình"
    return parent.name.replace("Đảng bộ ", "Đảng ủy ", 1)


def _localise(text: str, branch: Branch) -> str:
    """A town's residential branch says "khu phố" where a village branch says "thôn"."""
    return URBAN_WORD.sub(" khu phố", text) if branch.unit.branch_type == "urban" else text


def _is_official_voter(person: Person) -> bool:
    return person.status == "official"


def _rating(score: int) -> str:
    """The rating of a self-assessed score (DOMAIN A.10 bands)."""
    return "Tốt" if score >= 90 else "Khá" if score >= 70 else "Trung bình" if score >= 50 else "Kém"


# --- Branches ------------------------------------------------------------------------------


def _is_commune(unit: Unit) -> bool:
    return unit.parent_id is not None and unit.name.startswith(("Đảng bộ xã", "Đảng bộ thị trấn"))


def _place(unit: Unit, parent: Unit, category: str) -> str:
    """Where the branch meets: the village hall, or the hall of its agency, school or company."""
    own = unit.name.removeprefix("Chi bộ ")
    commune = parent.name.removeprefix("Đảng bộ ")
    if category == "village":
        return f"Nhà văn hoá {own}"
    if _is_commune(parent):
        if own.startswith("Công an"):
            return f"Trụ sở Công an {commune}"
        if own.startswith("Quân sự"):
            return f"Trụ sở Ban Chỉ huy Quân sự {commune}"
        if own.startswith("cơ quan"):
            return f"Hội trường Ủy ban nhân dân {commune}"
        return f"Hội trường {own}"
    if parent.parent_id is not None and category == "armed":
        return f"Hội trường {'Ban Chỉ huy ' if commune.startswith('Quân sự') else ''}{commune}"
    if parent.parent_id is not None and category == "agency":
        return "Hội trường Ủy ban nhân dân huyện"
    if parent.parent_id is not None:
        return f"Phòng họp {own}, {commune}"
    return f"Hội trường {own}"


def _followers(district: DemoDistrict, commune_id: int) -> list[Delegate]:
    """Commune committee members who follow its village branches (members of its agency branch)."""
    commune = district.unit(commune_id)
    agency = next(
        (u for u in district.units if u.parent_id == commune_id and u.branch_type == "agency"), None
    )
    if agency is None:
        return []
    level = commune.name.replace("Đảng bộ ", "Đảng ủy ", 1)
    people = [district.member(i) for i in district.member_ids_by_branch.get(agency.id, [])]
    eligible = [p for p in people if p.status == "official" and not p.exempt][:3]
    post = "Đảng ủy viên, phụ trách khu phố" if "thị trấn" in commune.name else "Đảng ủy viên, phụ trách thôn"
    return [Delegate(p.full_name, post, level) for p in eligible]


def _branches(district: DemoDistrict) -> list[Branch]:
    """Every open branch with its place, chair, recorder and following delegate."""
    followers = {cid: _followers(district, cid) for cid in district.commune_ids}
    village_index: Counter[int] = Counter()
    accounts = {(a.org_unit_id, a.role): a.id for a in district.accounts}
    branches = []
    for unit in district.units:
        if unit.kind != "branch" or unit.parent_id is None:
            continue
        parent = district.unit(unit.parent_id)
        category = CATEGORY_OF_TYPE[unit.branch_type or "agency"]
        people = [district.member(i) for i in district.member_ids_by_branch.get(unit.id, [])]
        leaders = [p for p in people if p.status == "official" and not p.exempt]
        chair = leaders[0]
        recorder = leaders[1] if len(leaders) > 1 else next(p for p in people if p.id != chair.id)
        follower = None
        if category == "village" and followers.get(parent.id):
            pool = followers[parent.id]
            follower = pool[village_index[parent.id] % len(pool)]
            village_index[parent.id] += 1
        locality = parent.name.removeprefix("Đảng bộ ") if _is_commune(parent) else "huyện"
        branches.append(
            Branch(
                unit=unit,
                category=category,
                place=nfc(_place(unit, parent, category)),
                evening=category in EVENING_CATEGORIES,
                upper=_upper_name(parent),
                locality=locality,
                roster=tuple(sorted(people, key=lambda p: (p.full_name, p.id))),
                chair=chair,
                recorder=recorder,
                follower=follower,
                clerk_id=accounts.get((unit.id, "clerk")),
                secretary_id=accounts.get((unit.id, "secretary")),
            )
        )
    return branches


# --- Schedule ------------------------------------------------------------------------------


def _meeting_day(rng: random.Random, branch: Branch, month: int, days: tuple[int, int]) -> dt.date:
    """A plausible day: villages meet any day, offices on a weekday; February after Tết."""
    low, high = FEBRUARY_DAYS if month == 2 and days[0] < 11 else days
    day = dt.date(YEAR, month, rng.randint(low, high))
    return day if branch.category == "village" else _weekday_on_or_after(day)


def _start(rng: random.Random, branch: Branch, day: dt.date) -> dt.datetime:
    evening = branch.evening if rng.random() < 0.92 else not branch.evening
    hour, minute = (19, 30) if evening else (14, 0)
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=LOCAL)


def _not_held_reason(rng: random.Random, category: str, month: int) -> str:
    fitting = [text for text, months in NOT_HELD_REASONS[category] if not months or month in months]
    return rng.choice(fitting)


def _regular_slots(rng: random.Random, branch: Branch, fixed: bool) -> list[Slot]:
    """One regular meeting a month, a few missing or not held (never in a scripted branch)."""
    slots = []
    for month in range(1, 13):
        draw = 1.0 if fixed else rng.random()
        if draw < MISSING_SHARE:
            continue
        start = _start(rng, branch, _meeting_day(rng, branch, month, (4, 10)))
        slot = Slot(branch, "regular", f"{YEAR}-{month:02d}", month, start)
        if draw < MISSING_SHARE + NOT_HELD_SHARE:
            slot.held, slot.reason = False, _not_held_reason(rng, branch.category, month)
        slots.append(slot)
    return slots


def _topic(rng: random.Random, quarter: int, category: str) -> Topic:
    options = THEMATIC[quarter]["all"] + THEMATIC[quarter].get(category, ())
    return rng.choice(options)


def _thematic_slots(rng: random.Random, branch: Branch, regular: list[Slot], fixed: bool) -> list[Slot]:
    """A thematic meeting in most quarters; now and then combined with that month's regular one."""
    slots = []
    by_month = {slot.month: slot for slot in regular if slot.held}
    for quarter in range(1, 5):
        if not fixed and rng.random() >= THEMATIC_SHARE:
            continue
        topic = _topic(rng, quarter, branch.category)
        months = [quarter * 3 - 2, quarter * 3 - 1, quarter * 3]
        held_months = [m for m in months if m in by_month]
        if not fixed and held_months and rng.random() < COMBINED_SHARE:
            combined = by_month[rng.choice(held_months)]
            combined.kind, combined.topic = "combined", topic
            continue
        month = rng.choices(months, weights=(0.2, 0.35, 0.45))[0]
        start = _start(rng, branch, _meeting_day(rng, branch, month, (15, 25)))
        slots.append(Slot(branch, "thematic", f"{YEAR}-Q{quarter}", month, start, topic=topic))
    return slots


def _schedule(rng: random.Random, branch: Branch, fixed: bool) -> list[Slot]:
    """The branch's meetings of the year in the order they took place."""
    regular = _regular_slots(rng, branch, fixed)
    thematic = _thematic_slots(rng, branch, regular, fixed)
    return sorted(regular + thematic, key=lambda slot: slot.start)


# --- Nà Noong: the branch of the sample minutes ------------------------------------------

NA_NOONG_OCTOBER = dt.datetime(YEAR, 10, 5, 19, 30, tzinfo=LOCAL)
NA_NOONG_OCTOBER_END = dt.datetime(YEAR, 10, 5, 21, 15, tzinfo=LOCAL)
NA_NOONG_Q4 = dt.datetime(YEAR, 12, 14, 19, 30, tzinfo=LOCAL)
NA_NOONG_DELEGATE = Delegate("Nông Văn Dũng", "Đảng ủy viên, phụ trách thôn", "Đảng ủy xã Minh Phát")
# Month → member name → roll-call line; in October everyone else was present.
NA_NOONG_ROLL: dict[int, dict[str, tuple[str, str | None]]] = {
    7: {"Lăng Văn Cường": ("absent_unexcused", None)},
    9: {"Lăng Văn Cường": ("absent_unexcused", None)},
    10: {
        "Vi Văn Phúc": ("absent_excused", "Đi điều trị tại bệnh viện tỉnh"),
        "Lăng Văn Cường": ("absent_unexcused", None),
    },
}
# Month → tasks (title, assignee, deadline, note).
NA_NOONG_TASKS: dict[int, tuple[tuple[str, str, dt.date, str | None], ...]] = {
    9: (
        ("Thu hoạch lúa mùa", "Lục Văn Hải", dt.date(YEAR, 9, 30), None),
        ("Vận động 5 hộ nghèo tham gia bảo hiểm y tế", "Nông Thị Lan", dt.date(YEAR, 9, 30), None),
        ("Sửa chữa đường bê tông nội thôn đoạn qua khe suối", "Lục Văn Hải", dt.date(YEAR, 9, 25), None),
    ),
    10: (
        ("Hoàn thành vận động 2 hộ nghèo còn lại tham gia bảo hiểm y tế", "Nông Thị Lan", dt.date(YEAR, 10, 31), None),
        ("Sửa chữa đường bê tông đoạn qua khe suối, mỗi hộ góp 2 ngày công", "Lục Văn Hải", dt.date(YEAR, 10, 25), None),
        (
            "Tuyên truyền phòng chống dịch tả lợn châu Phi trên loa truyền thanh 2 buổi mỗi tuần",
            "Vi Thị Thu", dt.date(YEAR, 10, 31), "Thời hạn: hằng tuần trong tháng 10.",
        ),
        ("Chuẩn bị nội dung sinh hoạt chuyên đề quý IV về học tập và làm theo Bác", "Chu Thị Mai", dt.date(YEAR, 11, 30), None),
    ),
}  # fmt: skip
# Month → task title → verdict; the other tasks evaluated that month were done.
NA_NOONG_VERDICTS: dict[int, dict[str, tuple[str, str]]] = {
    9: {},
    10: {
        "Thu hoạch lúa mùa": ("done", "Xong 100% diện tích"),
        "Vận động 5 hộ nghèo tham gia bảo hiểm y tế": ("partly_done", "Mới vận động được 3 hộ; chuyển sang tháng 10"),
        "Sửa chữa đường bê tông nội thôn đoạn qua khe suối": ("not_done", "Chưa thực hiện do mưa lớn; chuyển sang tháng 10"),
    },
    11: {
        "Vận động 5 hộ nghèo tham gia bảo hiểm y tế": ("done", "Đã vận động đủ 5 hộ"),
        "Sửa chữa đường bê tông nội thôn đoạn qua khe suối": ("done", "Đã sửa xong, nhân dân góp 2 ngày công mỗi hộ"),
        "Chuẩn bị nội dung sinh hoạt chuyên đề quý IV về học tập và làm theo Bác": (
            "partly_done", "Đã có dự thảo, đang hoàn thiện; chuyển sang tháng 11",
        ),
    },
    12: {},
}  # fmt: skip
NA_NOONG_SECTIONS = {
    "opening": "Đồng chí Hoàng Văn Tuấn, Bí thư chi bộ, chủ trì; giới thiệu đồng chí Nông Văn Dũng, Đảng ủy viên, phụ trách thôn, dự sinh hoạt; chi bộ cử đồng chí Lương Thị Hằng làm thư ký.",
    "dues": "Đã thu đủ đảng phí tháng 9.",
    "agenda": "Chi bộ thống nhất chương trình sinh hoạt gồm 4 nội dung: thông tin thời sự, phổ biến văn bản cấp trên; tình hình tư tưởng đảng viên và quần chúng; đánh giá kết quả thực hiện nghị quyết tháng 9; học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh.",
    "news": "Đồng chí Bí thư thông tin tình hình thời sự trong nước, của tỉnh và của xã; phổ biến Kế hoạch của Đảng ủy xã về tổ chức Đại hội Đảng bộ xã nhiệm kỳ 2020 - 2025.",
    "ideology": "Đảng viên và nhân dân trong thôn phấn khởi, tin tưởng; một số hộ còn lo lắng về giá lợn hơi giảm sau dịch tả lợn châu Phi.",
    # The verdicts on September's three tasks follow this text in the document (see NA_NOONG_VERDICTS).
    "previous_tasks": (
        "Chi bộ đánh giá kết quả thực hiện nghị quyết tháng 9: hoàn thành 1/3 nhiệm vụ chính trị; "
        "2 nhiệm vụ chưa hoàn thành, chuyển sang tháng 10.\n"
        "Công tác xây dựng Đảng: duy trì sinh hoạt đúng kỳ; đã phân công đồng chí Chu Thị Mai giúp đỡ "
        "quần chúng Hứa Văn Sơn học lớp bồi dưỡng nhận thức về Đảng.\n"
        "Hạn chế, nguyên nhân: một đảng viên vắng sinh hoạt không có lý do; việc vận động tham gia bảo hiểm "
        "y tế còn chậm do hộ nghèo thiếu kinh phí."
    ),
    "ho_chi_minh": "Đồng chí Bí thư nêu gương đồng chí Triệu Văn Hùng tích cực hiến đất làm đường nội thôn.",
    "conclusion": "Chi bộ thống nhất đánh giá kết quả tháng 9 như trên; nhắc nhở đồng chí Lăng Văn Cường về việc vắng sinh hoạt không có lý do. Nhiệm vụ tháng 10 gồm 4 việc, đã phân công đảng viên phụ trách và thời hạn hoàn thành.",
    "self_assessment": "86 điểm, xếp loại Khá.",
    "closing": "Biên bản đã được thư ký đọc lại trước chi bộ; chi bộ biểu quyết thông qua biên bản.",
}
NA_NOONG_OPINIONS = (
    (
        "Nông Thị Lan",
        "Đề nghị Ban công tác Mặt trận vận động các hộ khá giả hỗ trợ hộ nghèo mua thẻ bảo hiểm y tế.",
    ),
    ("Lục Văn Hải", "Đề nghị sửa đường ngay sau khi tạnh mưa, mỗi hộ góp 2 ngày công."),
    (
        "Vi Thị Thu",
        "Đề nghị tăng cường tuyên truyền phòng dịch tả lợn châu Phi trên loa truyền thanh của thôn.",
    ),
    (
        None,
        "Ghi nhận kết quả thu hoạch; đề nghị chi bộ làm rõ lý do đảng viên vắng không lý do và nhắc nhở theo quy định.",
    ),
)
NA_NOONG_SAMPLE_VOTES = 13  # as the paper minutes counted them
NA_NOONG_SELF_SCORE = 86


# --- Attendance habits and chronic absences ------------------------------------------------


@dataclass(frozen=True)
class Habit:
    """How often a member misses meetings, and a stretch of months away with its reason."""

    excused: float
    unexcused: float
    away: tuple[int, int] | None = None
    away_reason: str = ""


def _habit(rng: random.Random, person: Person, category: str) -> Habit:
    """A member's likelihood of absence: most rarely miss, some often, a few are away for months."""
    draw = rng.random()
    excused = 0.035 if draw < 0.6 else 0.08 if draw < 0.9 else 0.16
    if person.birth_year < 1955:
        excused += 0.05
    age = YEAR - person.birth_year
    away, reason = None, ""
    if category == "village" and age < 45 and rng.random() < 0.06:
        first = rng.randint(1, 10)
        away, reason = (first, min(12, first + rng.randint(1, 3))), "Đi làm ăn xa"
    elif person.sex == "female" and age < 38 and category in ("agency", "school") and rng.random() < 0.03:
        first = rng.randint(1, 8)
        away, reason = (first, min(12, first + rng.randint(3, 5))), "Nghỉ thai sản"
    return Habit(excused, 0.003, away, reason)


def _regular_held(slots: list[Slot]) -> list[Slot]:
    return [slot for slot in slots if slot.held and slot.kind in ("regular", "combined")]


def _absence_indexes(rng: random.Random, pattern: str, count: int) -> list[int]:
    """Which of a branch's held regular meetings a member skips: a run, or spread through the year."""
    if pattern == "run":
        length = rng.choice((3, 3, 4))
        first = rng.randint(0, count - length)
        return list(range(first, first + length))
    times = 2 if pattern == "pair" else 3
    while True:
        picks = sorted(rng.sample(range(count), times))
        if all(b - a >= 2 for a, b in itertools.pairwise(picks)):
            return picks


def _chronic_absences(
    rng: random.Random, schedules: dict[int, list[Slot]], branches: list[Branch], skip: int
) -> dict[tuple[int, int], tuple[str, str | None]]:
    """Members absent without reason three times or more (runs and spread), and a few twice."""
    candidates: dict[bool, list[tuple[Branch, Person]]] = {True: [], False: []}
    for branch in branches:
        if branch.unit.id == skip or len(_regular_held(schedules[branch.unit.id])) < 10:
            continue
        for person in branch.roster:
            leader = person.id in (branch.chair.id, branch.recorder.id)
            if (
                _is_official_voter(person)
                and not person.exempt
                and person.joined_on.year < YEAR
                and not leader
            ):
                candidates[branch.category == "village"].append((branch, person))
    picks = rng.sample(candidates[True], 10) + rng.sample(candidates[False], 5)
    patterns = ("run",) * 5 + ("spread",) * 4 + ("pair",) * 6
    forced: dict[tuple[int, int], tuple[str, str | None]] = {}
    for (branch, person), pattern in zip(picks, patterns, strict=True):
        held = _regular_held(schedules[branch.unit.id])
        for index in _absence_indexes(rng, pattern, len(held)):
            forced[(held[index].meeting_id, person.id)] = ("absent_unexcused", None)
    return forced


def _na_noong_forced(branch: Branch, slots: list[Slot]) -> dict[tuple[int, int], tuple[str, str | None]]:
    """The scripted roll-call lines of Nà Noong (Lăng Văn Cường's absences, the October roll-call)."""
    ids = {person.full_name: person.id for person in branch.roster}
    forced: dict[tuple[int, int], tuple[str, str | None]] = {}
    for slot in _regular_held(slots):
        for name, line in NA_NOONG_ROLL.get(slot.month, {}).items():
            forced[(slot.meeting_id, ids[nfc(name)])] = line
    return forced


def _script_na_noong(slots: list[Slot]) -> None:
    """Nà Noong's October meeting as in the sample; its fourth-quarter topic in December."""
    for slot in slots:
        if slot.kind == "regular" and slot.month == 10:
            slot.start = NA_NOONG_OCTOBER
        if slot.kind == "thematic" and slot.period.endswith("Q4"):
            slot.month, slot.start, slot.topic = 12, NA_NOONG_Q4, HCM_2019
    slots.sort(key=lambda slot: slot.start)


# --- Composing one minutes -----------------------------------------------------------------

REGULAR_OPINIONS = (
    "Nhất trí với đánh giá kết quả {prev}; đề nghị chi bộ phân công cụ thể việc {task}.",
    "Đề nghị chi bộ quan tâm hơn nữa đến {concern}.",
    "Về việc {task}, đề nghị có kế hoạch cụ thể và báo cáo kết quả tại kỳ sinh hoạt sau.",
    "Tự phê bình: tháng qua bản thân {weakness}; tháng tới sẽ khắc phục.",
    "Nhất trí với dự thảo nghị quyết {month}; bản thân xin nhận tham gia việc {task}.",
)
THEMATIC_OPINIONS = (
    "Qua chuyên đề, nhận thức rõ hơn về {short}; liên hệ bản thân thấy {weakness}, thời gian tới sẽ khắc phục.",
    "Nhất trí với nội dung chuyên đề; bản thân sẽ {resolve}.",
    "Đề nghị chi bộ cụ thể hóa chuyên đề thành việc làm hằng tháng, gắn với {concern}.",
    "Chuyên đề thiết thực; đề nghị đưa kết quả làm theo vào đánh giá, xếp loại đảng viên cuối năm.",
)
DELEGATE_OPINION = (
    "Ghi nhận kết quả chi bộ đạt được trong tháng; đề nghị chi bộ tập trung {focus} và nhắc nhở đảng viên "
    "thực hiện nghiêm nghị quyết."
)
THEMATIC_TASKS = (
    "Xây dựng kế hoạch làm theo sau chuyên đề của chi bộ",
    "Hướng dẫn đảng viên đăng ký việc làm cụ thể sau chuyên đề",
    "Tuyên truyền nội dung chuyên đề đến quần chúng nơi cư trú",
)
REQUIRED_TEXT = {
    "regular": ("agenda", "news", "ideology", "previous_tasks", "conclusion"),
    "combined": ("agenda", "news", "ideology", "previous_tasks", "presentation", "conclusion"),
    "thematic": ("agenda", "presentation", "conclusion"),
}
ERROR_KINDS = ("probationary_vote", "empty_section", "missing_member", "reason_missing")


@dataclass
class Roll:
    """The roll-call counted: who was present, absent with and without reason."""

    present: list[Person]
    excused: list[tuple[Person, str]]
    unexcused: list[Person]

    @property
    def voters(self) -> int:
        """Official members present."""
        return sum(1 for person in self.present if _is_official_voter(person))

    @property
    def probationary_present(self) -> int:
        """Probationary members present (they speak but do not vote)."""
        return len(self.present) - self.voters


class _Year:
    """Writes the year's meetings branch by branch, keeping each branch's open tasks."""

    def __init__(self, rng: random.Random, branches: list[Branch], na_noong_id: int) -> None:
        self.rng = rng
        self.rows = YearRows()
        self.na_noong_id = na_noong_id
        self.forced: dict[tuple[int, int], tuple[str, str | None]] = {}
        self.habits: dict[int, Habit] = {}
        for branch in branches:
            for person in branch.roster:
                self.habits[person.id] = _habit(rng, person, branch.category)
        self.open: dict[int, list[OpenTask]] = defaultdict(list)
        self.unexcused: Counter[int] = Counter()
        # Per branch: the month of the last regular meeting with minutes, and whether someone
        # was absent without reason there (last month's shortcomings).
        self.last_regular: dict[int, int] = {}
        self.last_unexcused: dict[int, bool] = {}

    # Roll-call ---------------------------------------------------------------------------

    def attendance_line(self, slot: Slot, person: Person) -> tuple[str, str | None]:
        """One member's line: not yet admitted, exempt, scripted, or drawn from their habit."""
        day, branch = slot.start.date(), slot.branch
        if person.joined_on > day:
            return "elsewhere", "Chưa kết nạp vào Đảng"
        if person.exempt and person.exempt_from is not None and person.exempt_from <= day:
            return "exempt", None
        if (slot.meeting_id, person.id) in self.forced:
            return self.forced[(slot.meeting_id, person.id)]
        if person.id in (branch.chair.id, branch.recorder.id):
            return "present", None
        if branch.unit.id == self.na_noong_id and slot.kind == "regular" and slot.month in NA_NOONG_ROLL:
            return "present", None
        habit = self.habits[person.id]
        if habit.away and habit.away[0] <= slot.month <= habit.away[1]:
            return "absent_excused", habit.away_reason
        draw = self.rng.random()
        if draw < habit.unexcused:
            return "absent_unexcused", None
        if draw < habit.unexcused + habit.excused:
            reason = "Ốm" if person.birth_year < 1955 else self.rng.choice(EXCUSES[branch.category])
            return "absent_excused", reason
        return "present", None

    def roll_call(self, slot: Slot) -> list[dict[str, Any]]:
        """Every current member of the branch, in the order the form lists them."""
        lines = []
        for person in slot.branch.roster:
            status, reason = self.attendance_line(slot, person)
            lines.append({"member_id": person.id, "status": status, "reason": reason})
        return lines

    def counted(self, slot: Slot, lines: list[dict[str, Any]]) -> Roll:
        """The roll-call as lists of people."""
        people = {person.id: person for person in slot.branch.roster}
        roll = Roll([], [], [])
        for line in lines:
            person = people[line["member_id"]]
            if line["status"] == "present":
                roll.present.append(person)
            elif line["status"] == "absent_excused":
                roll.excused.append((person, line["reason"] or ""))
            elif line["status"] == "absent_unexcused":
                roll.unexcused.append(person)
        return roll

    # Tasks -------------------------------------------------------------------------------

    def verdict(self, slot: Slot, task: OpenTask) -> tuple[str, str]:
        """Done, partly done or not done, with the note a secretary writes."""
        month = slot.month
        if slot.branch.unit.id == self.na_noong_id and month in NA_NOONG_VERDICTS:
            scripted = NA_NOONG_VERDICTS[month].get(task.title)
            return scripted or ("done", self.rng.choice(DONE_NOTES))
        done = (0.78, 0.8, 0.92)[min(task.evaluations, 2)]
        draw = self.rng.random()
        if draw < done:
            return "done", self.rng.choice(DONE_NOTES)
        if draw < done + (1 - done) * 0.6 or task.evaluations >= 2:
            return "partly_done", f"{self.rng.choice(PARTLY_NOTES)}; chuyển sang tháng {month}"
        cause = self.rng.choice(NOT_DONE_CAUSES[slot.branch.category])
        return "not_done", f"Chưa thực hiện do {cause}; chuyển sang tháng {month}"

    def evaluate(self, slot: Slot) -> list[dict[str, Any]]:
        """Verdicts on the open tasks of the branch's previous regular meeting."""
        return [
            {"task_id": task.id, "status": status, "note": note}
            for task in self.open[slot.branch.unit.id]
            for status, note in (self.verdict(slot, task),)
        ]

    def due_on(self, day: dt.date) -> dt.date:
        """A deadline later this month or in the next one."""
        next_year, next_month = _next_month(day.year, day.month)
        options = (
            _last_day(day.year, day.month),
            dt.date(day.year, day.month, 25),
            dt.date(next_year, next_month, 15),
            _last_day(next_year, next_month),
        )
        due = self.rng.choices(options, weights=(0.35, 0.2, 0.2, 0.25))[0]
        return due if due >= day + dt.timedelta(days=7) else options[-1]

    def new_tasks(self, slot: Slot, roll: Roll) -> list[dict[str, Any]]:
        """Two to four tasks for a regular meeting (from the month's topics), up to two after a thematic one."""
        branch, day = slot.branch, slot.start.date()
        if branch.unit.id == self.na_noong_id and slot.kind == "regular" and slot.month in NA_NOONG_TASKS:
            ids = {person.full_name: person.id for person in branch.roster}
            return [
                {
                    "title": nfc(title),
                    "assignee_member_id": ids[nfc(name)],
                    "due_on": due.isoformat(),
                    "note": note,
                }
                for title, name, due, note in NA_NOONG_TASKS[slot.month]
            ]
        if slot.kind == "thematic":
            titles = self.rng.sample(THEMATIC_TASKS, self.rng.choice((0, 1, 1, 2)))
        else:
            season = SEASONS[branch.category][(slot.month - 1) // 2]
            titles = self.rng.sample(season.tasks, self.rng.randint(2, 4))
            extra = MONTH_TASKS[branch.category].get(slot.month)
            if extra and self.rng.random() < 0.7:
                titles = [extra, *titles[:3]]
        workers = [p for p in roll.present if p.id != branch.chair.id] or roll.present
        return [
            {
                "title": _localise(title, branch),
                "assignee_member_id": self.rng.choice(workers).id,
                "due_on": self.due_on(day).isoformat(),
                "note": None,
            }
            for title in titles
        ]

    def carry_forward(
        self, slot: Slot, tasks: list[dict[str, Any]], verdicts: list[dict[str, Any]]
    ) -> list[int]:
        """Give this meeting's tasks their ids; what stays open is evaluated at the next regular meeting."""
        first_id = len(self.rows.tasks) + 1
        ids = list(range(first_id, first_id + len(tasks)))
        if slot.kind == "thematic":
            return ids
        branch_id = slot.branch.unit.id
        status = {v["task_id"]: v["status"] for v in verdicts}
        carried = [task for task in self.open[branch_id] if status.get(task.id) != "done"]
        for task in carried:
            task.evaluations += 1
        new = [
            OpenTask(task_id, slot.meeting_id, position, task["title"])
            for position, (task_id, task) in enumerate(zip(ids, tasks, strict=True))
        ]
        self.open[branch_id] = sorted(new + carried, key=lambda t: (t.meeting_id, t.position))
        return ids

    # Texts -------------------------------------------------------------------------------

    def previous_month(self, slot: Slot) -> int:
        """The month of the branch's last regular meeting with minutes (0: December 2018)."""
        return self.last_regular.get(slot.branch.unit.id, 0)

    def opening(self, slot: Slot, delegate: Delegate | None) -> str:
        """Who chaired, the delegate introduced, who records."""
        branch = slot.branch
        purpose = (
            "nêu mục đích, yêu cầu của buổi sinh hoạt chuyên đề"
            if slot.kind == "thematic"
            else "tuyên bố lý do"
        )
        guest = f"; giới thiệu đồng chí {delegate.name}, {delegate.post}, dự sinh hoạt" if delegate else ""
        return _texts(
            f"Đồng chí {branch.chair.full_name}, Bí thư chi bộ, {purpose}{guest};",
            f"chi bộ thống nhất cử đồng chí {branch.recorder.full_name} làm thư ký.",
        )

    def dues(self, slot: Slot, roll: Roll) -> str:
        """The dues collected for last month."""
        total = len(slot.branch.roster)
        label = _month_label(slot.month - 1)
        late = [p for p, reason in roll.excused if reason in ("Đi làm ăn xa", "Đi công tác")]
        if late and self.rng.random() < 0.5:
            return (
                f"Đã thu đảng phí {label} của {total - len(late)}/{total} đảng viên; "
                f"{len(late)} đồng chí vắng mặt sẽ nộp bổ sung trong tháng."
            )
        return f"Đã thu đủ đảng phí {label} của {total} đảng viên."

    def agenda(self, slot: Slot, with_hcm: bool) -> str:
        """The agreed running order."""
        if slot.kind == "thematic" and slot.topic:
            return _texts(
                f"Chuyên đề: “{slot.topic.title}”.",
                "Chương trình: trình bày chuyên đề; thảo luận, liên hệ bản thân và đơn vị; kết luận và biểu quyết.",
            )
        season = SEASONS[slot.branch.category][(slot.month - 1) // 2]
        items = [
            "thông tin thời sự, phổ biến văn bản cấp trên",
            "tình hình tư tưởng đảng viên và quần chúng",
            f"đánh giá kết quả thực hiện nghị quyết {_month_label(self.previous_month(slot))}",
        ]
        if with_hcm:
            items.append("học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh")
        items.append(f"bàn nhiệm vụ tháng {slot.month}, trọng tâm là {season.focus}")
        if slot.kind == "combined" and slot.topic:
            items.append(f"sinh hoạt chuyên đề “{slot.topic.title}”")
        return f"Chi bộ thống nhất chương trình sinh hoạt gồm {len(items)} nội dung: {'; '.join(items)}."

    def news(self, slot: Slot) -> str:
        """The news briefing and the upper-level document passed on."""
        branch = slot.branch
        local = f"tình hình kinh tế – xã hội, quốc phòng – an ninh của {branch.locality} {_month_label(slot.month - 1)} ổn định"
        document = DOCUMENTS[slot.month].format(upper=branch.upper)
        speaker = self.rng.choice(
            ("Đồng chí Bí thư", "Đồng chí Bí thư", f"Đồng chí {branch.recorder.full_name}")
        )
        return _texts(
            f"{speaker} thông tin tình hình thời sự trong nước, quốc tế và của địa phương: {NATIONAL_NEWS[slot.month]};",
            f"{local}. Phổ biến {document}.",
        )

    def previous_tasks(self, slot: Slot, verdicts: list[dict[str, Any]]) -> str:
        """Last month's results in short (the document lists the verdicts below), party building, shortcomings."""
        label = _month_label(self.previous_month(slot))
        if not verdicts:
            return _texts(
                f"Chi bộ đánh giá kết quả thực hiện nghị quyết {label}: các nhiệm vụ cơ bản hoàn thành;",
                "duy trì sinh hoạt đúng kỳ, thu nộp đảng phí đầy đủ.",
            )
        done = sum(v["status"] == "done" for v in verdicts)
        carried = len(verdicts) - done
        result = f"Chi bộ đánh giá kết quả thực hiện nghị quyết {label}: hoàn thành {done}/{len(verdicts)} nhiệm vụ"
        if carried:
            result += f"; {carried} nhiệm vụ chưa hoàn thành, chuyển sang tháng {slot.month}"
        building = self.rng.choice(
            (
                "duy trì sinh hoạt đúng kỳ; thu nộp đảng phí đầy đủ",
                "duy trì sinh hoạt đúng kỳ; phân công đảng viên phụ trách nhóm hộ, phụ trách công việc",
                "quản lý đảng viên chặt chẽ; đã rà soát, bồi dưỡng quần chúng ưu tú",
            )
        )
        shortcomings = []
        if self.last_unexcused.get(slot.branch.unit.id):
            shortcomings.append("còn đảng viên vắng sinh hoạt không có lý do")
        if carried:
            shortcomings.append("một số nhiệm vụ chưa hoàn thành đúng thời hạn")
        lines = [
            f"{result}.",
            f"Công tác xây dựng Đảng: {building}.",
            f"Hạn chế, nguyên nhân: {'; '.join(shortcomings) or 'không có hạn chế lớn'}.",
        ]
        return nfc("\n".join(lines))

    def ho_chi_minh(self, slot: Slot, roll: Roll) -> str:
        """Studying and following Hồ Chí Minh, with a member held up as an example."""
        example = self.rng.choice(self.others(slot, roll))
        deed = self.rng.choice(GOOD_DEEDS[slot.branch.category])
        if self.rng.random() < 0.5:
            return _texts(
                f"Chi bộ tiếp tục thực hiện chuyên đề năm 2019 “{CHUYEN_DE_2019}”;",
                f"nêu gương đồng chí {example.full_name} {deed}.",
            )
        return _texts(
            f"Đồng chí Bí thư nêu gương đồng chí {example.full_name} {deed};",
            "đề nghị đảng viên tiếp tục thực hiện việc làm theo Bác đã đăng ký năm 2019.",
        )

    @staticmethod
    def others(slot: Slot, roll: Roll) -> list[Person]:
        """Members present other than the chair (who praises them)."""
        return [p for p in roll.present if p.id != slot.branch.chair.id] or roll.present

    def praise_and_reminders(self, slot: Slot, roll: Roll) -> str:
        """Reminders to members absent without reason (with the count in the year), or praise."""
        parts = []
        for person in roll.unexcused:
            times = self.unexcused[person.id]
            text = f"Nhắc nhở đồng chí {person.full_name} vắng sinh hoạt không có lý do"
            if times >= 3:
                text += f" (lần thứ {times} trong năm 2019); chi bộ sẽ xem xét theo quy định."
            elif times == 2:
                text += f" (lần thứ {times} trong năm 2019)."
            else:
                text += "."
            parts.append(text)
        if not parts:
            deed = self.rng.choice(GOOD_DEEDS[slot.branch.category])
            parts.append(f"Biểu dương đồng chí {self.rng.choice(self.others(slot, roll)).full_name} {deed}.")
        return _texts(*parts)

    def other_business(self, slot: Slot, roll: Roll) -> str:
        """Admissions, recognitions as official members, candidates sent to the Party course."""
        day, parts = slot.start.date(), []
        for person in slot.branch.roster:
            joined, official = person.joined_on, person.official_on
            if joined.year == YEAR and joined.month == slot.month:
                if joined <= day:
                    mentor = slot.branch.chair.full_name
                    parts.append(
                        f"Chi bộ đã tổ chức lễ kết nạp đồng chí {person.full_name} vào Đảng ngày {_short_date(joined)}; "
                        f"phân công đồng chí {mentor} giúp đỡ đảng viên mới."
                    )
                else:
                    parts.append(
                        f"Chi bộ thống nhất tổ chức lễ kết nạp quần chúng {person.full_name} vào Đảng ngày {_short_date(joined)}."
                    )
            if official and official.year == YEAR and official.month == slot.month:
                parts.append(
                    f"Chi bộ xét, đề nghị công nhận đảng viên chính thức cho đồng chí {person.full_name} "
                    f"(hết thời gian dự bị ngày {_short_date(official)}); {roll.voters}/{roll.voters} đảng viên "
                    "chính thức có mặt tán thành."
                )
        if slot.month in (3, 4) and self.rng.random() < 0.2:
            parts.append(
                f"Chi bộ giới thiệu quần chúng ưu tú {self.invented_name()} đi học lớp bồi dưỡng nhận thức về Đảng."
            )
        return _texts(*parts)

    def invented_name(self) -> str:
        """A resident who is not a member (a candidate for membership)."""
        sex = self.rng.choice(("male", "female"))
        surname = self.rng.choices(list(SURNAMES), list(SURNAMES.values()))[0]
        return f"{surname} {self.rng.choice(MIDDLE[sex])} {self.rng.choice(GIVEN[sex])}"

    def presentation(self, slot: Slot, roll: Roll) -> str:
        """Who presented the topic, what it said, the material used."""
        topic = slot.topic or HCM_2019
        presenter = self.presenter(slot, roll)
        return _texts(
            f"Đồng chí {presenter.full_name} trình bày chuyên đề “{topic.title}”.",
            f"{topic.summary}.",
            f"Tài liệu sử dụng: {topic.document}.",
        )

    def presenter(self, slot: Slot, roll: Roll) -> Person:
        """A present official member other than the chair (Chu Thị Mai for Nà Noong's fourth quarter)."""
        if slot.branch.unit.id == self.na_noong_id and slot.month == 12 and slot.kind == "thematic":
            return next(p for p in slot.branch.roster if p.full_name == nfc("Chu Thị Mai"))
        officials = [p for p in roll.present if _is_official_voter(p) and p.id != slot.branch.chair.id]
        return self.rng.choice(officials or roll.present)

    def conclusion(self, slot: Slot, tasks: list[dict[str, Any]]) -> str:
        """The chair's conclusion, the basis of the vote."""
        parts = []
        if slot.kind != "thematic":
            season = SEASONS[slot.branch.category][(slot.month - 1) // 2]
            label = _month_label(self.previous_month(slot))
            parts.append(f"Chi bộ thống nhất đánh giá kết quả thực hiện nghị quyết {label} như trên.")
            parts.append(f"Tháng {slot.month}, chi bộ tập trung lãnh đạo {season.focus};")
            parts.append(f"giao {len(tasks)} nhiệm vụ cụ thể cho đảng viên như phần phân công.")
        if slot.kind != "regular" and slot.topic:
            quality = self.rng.choice(
                ("có chất lượng, nhiều ý kiến liên hệ sát thực tế", "thiết thực, đảng viên thảo luận sôi nổi")
            )
            parts.append(f"Buổi sinh hoạt chuyên đề {quality}; đề nghị mỗi đảng viên {slot.topic.resolve}.")
        return _texts(*parts)

    def closing(self) -> str:
        """The minutes read back and adopted (the closing time has its own field)."""
        return self.rng.choice(
            (
                "Biên bản đã được thư ký đọc lại trước chi bộ; chi bộ biểu quyết thông qua biên bản.",
                "Thư ký đọc lại biên bản; chi bộ nhất trí thông qua. Đồng chí chủ trì tuyên bố bế mạc.",
            )
        )

    def sections(self, slot: Slot, roll: Roll, minutes: Minutes, delegate: Delegate | None) -> dict[str, str]:
        """Every text section of the meeting's structure that this meeting filled."""
        regular = slot.kind != "thematic"
        with_hcm = regular and self.rng.random() < 0.85
        score = minutes.self_score or 0
        texts = {
            "opening": self.opening(slot, delegate),
            "dues": self.dues(slot, roll) if regular else "",
            "agenda": self.agenda(slot, with_hcm),
            "news": self.news(slot) if regular else "",
            "ideology": self.rng.choice(SEASONS[slot.branch.category][(slot.month - 1) // 2].ideology)
            if regular
            else "",
            "previous_tasks": self.previous_tasks(slot, minutes.previous_tasks) if regular else "",
            "ho_chi_minh": self.ho_chi_minh(slot, roll) if with_hcm else "",
            "praise_and_reminders": self.praise_and_reminders(slot, roll)
            if regular and (roll.unexcused or self.rng.random() < 0.4)
            else "",
            "other_business": self.other_business(slot, roll) if regular else "",
            "presentation": self.presentation(slot, roll) if slot.kind != "regular" else "",
            "conclusion": self.conclusion(slot, minutes.tasks),
            "self_assessment": f"{score} điểm, xếp loại {_rating(score)}.",
            "closing": self.closing(),
        }
        return {key: nfc(_localise(text, slot.branch)) for key, text in texts.items() if text}

    def opinions(
        self, slot: Slot, roll: Roll, tasks: list[dict[str, Any]], delegate: Delegate | None
    ) -> list[dict[str, Any]]:
        """One to four members' opinions (regular discussion and, for a topic, its discussion)."""
        branch = slot.branch
        speakers = [p for p in roll.present if p.id != branch.chair.id] or roll.present
        season = SEASONS[branch.category][(slot.month - 1) // 2]
        topic = slot.topic or HCM_2019
        task_titles = [t["title"] for t in tasks] or list(season.tasks)
        fields = {
            "prev": _month_label(self.previous_month(slot)),
            "month": _month_label(slot.month),
            "short": topic.short,
            "resolve": topic.resolve,
            "focus": season.focus,
        }
        parts: list[tuple[str, tuple[str, ...], int]] = []
        if slot.kind == "regular":
            parts.append(("opinions", REGULAR_OPINIONS, self.rng.randint(1, 4)))
        elif slot.kind == "thematic":
            parts.append(("discussion", THEMATIC_OPINIONS, self.rng.randint(1, 4)))
        else:
            parts += [("opinions", REGULAR_OPINIONS, self.rng.randint(1, 2))]
            parts += [("discussion", THEMATIC_OPINIONS, self.rng.randint(1, 2))]
        result = []
        for section, templates, wanted in parts:
            count = min(wanted, len(speakers), len(templates))
            for person, template in zip(
                self.rng.sample(speakers, count), self.rng.sample(templates, count), strict=True
            ):
                text = template.format(
                    task=_lower_first(self.rng.choice(task_titles)),
                    concern=self.rng.choice(CONCERNS[branch.category]),
                    weakness=self.rng.choice(WEAKNESSES[branch.category]),
                    **fields,
                )
                result.append(
                    {
                        "section": section,
                        "member_id": person.id,
                        "speaker_name": None,
                        "content": nfc(_localise(text, branch)),
                    }
                )
        if delegate and self.rng.random() < 0.6:
            section = "discussion" if slot.kind == "thematic" else "opinions"
            text = DELEGATE_OPINION.format(focus=season.focus if slot.kind != "thematic" else topic.resolve)
            result.append(
                {
                    "section": section,
                    "member_id": None,
                    "speaker_name": delegate.name,
                    "content": nfc(_localise(text, branch)),
                }
            )
        return result

    # One meeting -------------------------------------------------------------------------

    def pick_error(self, slot: Slot) -> str | None:
        """Now and then a deliberate error the checks catch (never in the sample branch)."""
        if slot.branch.unit.id == self.na_noong_id or self.rng.random() >= ERROR_SHARE:
            return None
        return self.rng.choice(ERROR_KINDS)

    def spoil_roll_call(self, slot: Slot, error: str | None, lines: list[dict[str, Any]]) -> str | None:
        """Leave a member out of the roll-call, or an excused absence without its reason."""
        if error not in ("missing_member", "reason_missing"):
            return error
        branch = slot.branch
        ordinary = [
            line for line in lines
            if line["status"] == "present"
            and line["member_id"] not in (branch.chair.id, branch.recorder.id)
            and (slot.meeting_id, line["member_id"]) not in self.forced
        ]  # fmt: skip
        if error == "missing_member" and ordinary:
            lines.remove(self.rng.choice(ordinary))
            return error
        excused = [line for line in lines if line["status"] == "absent_excused"] or ordinary
        if error == "reason_missing" and excused:
            line = self.rng.choice(excused)
            line["status"], line["reason"] = "absent_excused", None
            return error
        return "empty_section"

    def votes(self, roll: Roll) -> dict[str, dict[str, int]]:
        """Official members present vote; now and then one abstains on the resolution."""
        voters = roll.voters
        abstain = 1 if voters >= 4 and self.rng.random() < 0.04 else 0
        return {
            "resolution": {"for": voters - abstain, "against": 0, "abstain": abstain},
            "minutes": {"for": voters, "against": 0, "abstain": 0},
        }

    def duration(self, slot: Slot) -> dt.timedelta:
        """95–150 minutes (125–165 for a combined session), a few too short."""
        short = self.rng.random() < SHORT_SHARE
        if slot.kind == "combined":
            minutes = self.rng.randrange(100, 116, 5) if short else self.rng.randrange(125, 166, 5)
        else:
            minutes = self.rng.randrange(70, 86, 5) if short else self.rng.randrange(95, 151, 5)
        return dt.timedelta(minutes=minutes)

    def compose(self, slot: Slot) -> tuple[Minutes, str | None]:
        """The final minutes of a held meeting, and the deliberate error it carries, if any."""
        branch = slot.branch
        lines = self.roll_call(slot)
        error = self.spoil_roll_call(slot, self.pick_error(slot), lines)
        roll = self.counted(slot, lines)
        for person in roll.unexcused:
            self.unexcused[person.id] += 1
        verdicts = self.evaluate(slot) if slot.kind != "thematic" else []
        duration = self.duration(slot)
        delegate = branch.follower if branch.follower and self.rng.random() < 0.25 else None
        score = (
            self.rng.randint(80, 96)
            - (6 if duration.total_seconds() < 5400 else 0)
            - (4 if roll.unexcused else 0)
        )
        documents = [DOCUMENTS[slot.month].format(upper=branch.upper)] if slot.kind != "thematic" else []
        documents += [slot.topic.document] if slot.topic and slot.kind != "regular" else []
        minutes = Minutes(
            start=slot.start,
            end=slot.start + duration,
            place=branch.place,
            chair_id=branch.chair.id,
            recorder_id=branch.recorder.id,
            attendance=lines,
            delegates=[_delegate(delegate)] if delegate else [],
            documents=nfc("; ".join(documents)),
            tasks=self.new_tasks(slot, roll),
            previous_tasks=verdicts,
            votes=self.votes(roll),
            self_score=score,
        )
        if error == "probationary_vote" and roll.probationary_present:
            for vote in minutes.votes.values():
                vote["for"] += roll.probationary_present
        elif error == "probationary_vote":
            error = "empty_section"
        minutes.sections = self.sections(slot, roll, minutes, delegate)
        if error == "empty_section":
            minutes.sections[self.rng.choice(REQUIRED_TEXT[slot.kind])] = ""
        minutes.opinions = self.opinions(slot, roll, minutes.tasks, delegate)
        if slot.kind != "thematic":
            self.last_unexcused[branch.unit.id] = bool(roll.unexcused)
        return minutes, error

    def as_in_the_sample(self, slot: Slot, minutes: Minutes) -> list[dict[str, Any]]:
        """Nà Noong, October 2019: the paper minutes (13/13, counting a probationary member), then corrected."""
        ids = {person.full_name: person.id for person in slot.branch.roster}
        voters = self.counted(slot, minutes.attendance).voters
        minutes.end = NA_NOONG_OCTOBER_END
        minutes.delegates = [_delegate(NA_NOONG_DELEGATE)]
        minutes.documents = "Kế hoạch của Đảng ủy xã về tổ chức Đại hội Đảng bộ xã nhiệm kỳ 2020 - 2025"
        minutes.opinions = [
            {
                "section": "opinions",
                "member_id": ids[nfc(name)] if name else None,
                "speaker_name": None if name else NA_NOONG_DELEGATE.name,
                "content": nfc(text),
            }
            for name, text in NA_NOONG_OPINIONS
        ]
        minutes.self_score = NA_NOONG_SELF_SCORE
        minutes.sections = {key: nfc(text) for key, text in NA_NOONG_SECTIONS.items()}
        contents = []
        for votes in (NA_NOONG_SAMPLE_VOTES, voters):
            minutes.votes = {
                name: {"for": votes, "against": 0, "abstain": 0} for name in ("resolution", "minutes")
            }
            contents.append(minutes.content())
        return contents

    def revision_contents(self, slot: Slot, minutes: Minutes) -> list[dict[str, Any]]:
        """One revision, or a draft saved at the end of the meeting and the finished minutes."""
        final = minutes.content()
        if self.rng.random() >= TWO_REVISIONS_SHARE:
            return [final]
        early = {**final, "ended_at": None, "tasks": [], "votes": {}, "self_score": None}
        early["sections"] = {
            k: v
            for k, v in final["sections"].items()
            if k not in ("conclusion", "self_assessment", "closing")
        }
        early["opinions"] = final["opinions"][: max(1, len(final["opinions"]) // 2)]
        return [early, final]

    def save_times(self, slot: Slot, end: dt.datetime, count: int) -> list[dt.datetime]:
        """When each revision was saved: that evening or the next days."""
        next_morning = dt.datetime.combine(end.date() + dt.timedelta(days=1), dt.time(8, 0), LOCAL)
        if count == 1:
            if self.rng.random() < 0.4:
                return [end + dt.timedelta(minutes=self.rng.randint(20, 80))]
            return [next_morning + dt.timedelta(minutes=self.rng.randint(0, 300))]
        later = next_morning + dt.timedelta(days=self.rng.randint(0, 2), minutes=self.rng.randint(0, 420))
        return [end + dt.timedelta(minutes=self.rng.randint(5, 25)), later]

    def is_submitted(self, slot: Slot, error: str | None) -> bool:
        """Jan–Sep submitted, Oct–Nov mostly, December mostly still drafts; never with an error."""
        if error:
            return False
        month = slot.start.month
        if slot.branch.unit.id == self.na_noong_id:
            return month <= 11
        if month <= 9:
            return True
        return self.rng.random() < (0.8 if month <= 11 else 0.15)

    def write(self, slot: Slot) -> None:
        """Append the rows of one meeting: the meeting, its revisions and its projections."""
        assert slot.meeting_id == len(self.rows.meetings) + 1
        branch = slot.branch
        na_noong = branch.unit.id == self.na_noong_id
        meeting = {
            "id": slot.meeting_id, "org_unit_id": branch.unit.id, "kind": slot.kind, "period": slot.period,
            "scheduled_at": slot.start, "place": branch.place, "topic": slot.topic.title if slot.topic else None,
            "status": "held" if slot.held else "not_held", "status_reason": slot.reason, "minutes_status": None,
            "minutes_version": 0, "submitted_at": None,
            "created_at": slot.start - dt.timedelta(days=self.rng.randint(5, 12), hours=10),
            "created_by_id": branch.secretary_id,
        }  # fmt: skip
        self.rows.meetings.append(meeting)
        if not slot.held:
            return
        minutes, error = self.compose(slot)
        task_ids = self.carry_forward(slot, minutes.tasks, minutes.previous_tasks)
        if na_noong and slot.kind == "regular" and slot.month == 10:
            contents = self.as_in_the_sample(slot, minutes)
        else:
            contents = self.revision_contents(slot, minutes)
        # As save_minutes does: the stored tasks carry their ids, so a later save keeps them.
        contents[-1] = {
            **contents[-1],
            "tasks": [
                {**task, "id": task_id} for task, task_id in zip(contents[-1]["tasks"], task_ids, strict=True)
            ],
        }
        saved = self.save_times(slot, minutes.end or slot.start, len(contents))
        savers = [branch.clerk_id] + [branch.secretary_id] * (len(contents) - 1)
        for version, (content, saved_at, saver) in enumerate(
            zip(contents, saved, savers, strict=True), start=1
        ):
            self.rows.revisions.append(
                {
                    "id": len(self.rows.revisions) + 1, "meeting_id": slot.meeting_id, "version": version,
                    "status": "draft", "structure_kind": slot.kind, "structure_version": 1, "content": content,
                    "client_save_id": None, "saved_at": saved_at, "saved_by_id": saver,
                }
            )  # fmt: skip
        meeting["minutes_version"], meeting["minutes_status"] = len(contents), "draft"
        if self.is_submitted(slot, error):
            submitted_at = saved[-1] + dt.timedelta(hours=self.rng.randint(1, 30))
            meeting["minutes_status"], meeting["submitted_at"] = "submitted", submitted_at
            self.rows.submissions.append(
                {
                    "id": len(self.rows.submissions) + 1, "meeting_id": slot.meeting_id, "version": len(contents),
                    "submitted_at": submitted_at, "submitted_by_id": branch.secretary_id,
                }
            )  # fmt: skip
        self.project(slot.meeting_id, contents[-1], task_ids)
        if slot.kind != "thematic":
            self.last_regular[branch.unit.id] = slot.month

    def project(self, meeting_id: int, content: dict[str, Any], task_ids: list[int]) -> None:
        """The rows ``save_minutes`` leaves for the latest revision: roll-call, tasks, verdicts."""
        rows = self.rows
        for line in content["attendance"]:
            rows.attendance.append(
                {"id": len(rows.attendance) + 1, "meeting_id": meeting_id, "member_id": line["member_id"],
                 "status": line["status"], "reason": line["reason"]}
            )  # fmt: skip
        for position, (task_id, task) in enumerate(zip(task_ids, content["tasks"], strict=True)):
            rows.tasks.append(
                {"id": task_id, "meeting_id": meeting_id, "position": position, "title": task["title"],
                 "assignee_member_id": task["assignee_member_id"], "due_on": dt.date.fromisoformat(task["due_on"]),
                 "status": task["status"], "note": task["note"], "carried_from_id": None}
            )  # fmt: skip
        for verdict in content["previous_tasks"]:
            rows.evaluations.append(
                {"id": len(rows.evaluations) + 1, "meeting_id": meeting_id, "task_id": verdict["task_id"],
                 "status": verdict["status"], "note": verdict["note"]}
            )  # fmt: skip


def _delegate(delegate: Delegate) -> dict[str, Any]:
    return {"name": delegate.name, "post": delegate.post, "level": delegate.level}


# --- The year ------------------------------------------------------------------------------


def plan_year(district: DemoDistrict, seed: int = 2019) -> YearRows:
    """Every meeting of 2019 with its minutes and projections, as rows; the same seed gives the same year."""
    rng = random.Random(seed * 7919 + YEAR)
    branches = _branches(district)
    schedules: dict[int, list[Slot]] = {}
    next_id = 1
    for branch in branches:
        scripted = branch.unit.id == district.na_noong_id
        slots = _schedule(rng, branch, scripted)
        if scripted:
            _script_na_noong(slots)
        for slot in slots:
            slot.meeting_id, next_id = next_id, next_id + 1
        schedules[branch.unit.id] = slots
    year = _Year(rng, branches, district.na_noong_id)
    na_noong = next(b for b in branches if b.unit.id == district.na_noong_id)
    year.forced = _chronic_absences(rng, schedules, branches, district.na_noong_id)
    year.forced.update(_na_noong_forced(na_noong, schedules[na_noong.unit.id]))
    for branch in branches:
        for slot in schedules[branch.unit.id]:
            year.write(slot)
    return year.rows


def insert_year(connection: Connection, rows: YearRows) -> None:
    """Write the year's rows with bulk inserts, parents first (the caller owns the transaction)."""
    for table, batch in (
        (Meeting, rows.meetings),
        (MinutesRevision, rows.revisions),
        (Attendance, rows.attendance),
        (Task, rows.tasks),
        (TaskEvaluation, rows.evaluations),
        (Submission, rows.submissions),
    ):
        if batch:
            connection.execute(insert(table), batch)
