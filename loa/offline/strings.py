"""The sentences the offline entry page's script shows (static/offline/outbox.js), translated on the server: the
script holds no text of its own. The entry view puts them into the page with `json_script`; the script fills the
`{name}` places. Sentences that never change with what the script finds are written in the template itself."""

from django.utils.translation import gettext as _


def strings() -> dict[str, str]:
    return {
        # The connection and the sync.
        "online": _("Đang có mạng"),
        "offline": _("Mất mạng: bản ghi được lưu trên máy này"),
        "never_synced": _("chưa gửi lần nào"),
        "syncing": _("Đang gửi…"),
        "sync_nothing": _("Không có bản ghi nào chờ gửi."),
        "sync_sent": _("Đã gửi {n} bản ghi."),
        "sync_review": _("{n} bản ghi cần xem lại: xem mục “Cần xem lại” bên dưới."),
        "sync_invalid": _("{n} bản ghi chưa được nhận: hãy sửa theo lời nhắn ở từng bản ghi rồi gửi lại."),
        "sync_network": _(
            "Không kết nối được với máy chủ. Các bản ghi vẫn được giữ trên máy và sẽ được gửi khi có mạng."
        ),
        "sync_server": _(
            "Máy chủ đang bận hoặc gặp lỗi (mã {status}). Các bản ghi vẫn được giữ trên máy; Loa sẽ thử gửi lại sau."
        ),
        "sync_csrf": _("Máy chủ không nhận mã bảo vệ của phiên đăng nhập. Hãy tải lại trang rồi bấm “Gửi ngay”."),
        "sync_wrong_user": _(
            "Bạn đang đăng nhập bằng tài khoản {user}, khác với tài khoản của trang này. Hãy tải lại trang."
        ),
        "other_owner": _(
            "Trên máy này còn {n} bản ghi chờ gửi của tài khoản {user}. Chỉ tài khoản đó gửi được: hãy nhờ người dùng "
            "tài khoản đó đăng nhập và gửi."
        ),
        "server_waiting": _("Trên máy chủ đang có {conflicts} xung đột và {reviews} bản ghi chờ bạn xem lại."),
        "data_age": _("Danh sách đơn vị, nhiệm vụ và hình thức được lấy lúc {time}."),
        # One record's answer from the server.
        "record_refused": _("Chưa gửi được: {detail}"),
        "record_kept": _("Máy chủ không nhận bản ghi (mã {status}); bản ghi vẫn được giữ trên máy."),
        "record_unknown": _("Máy chủ trả lời không rõ ràng; bản ghi vẫn được giữ trên máy."),
        "outcome_created": _("Đã tạo hoạt động"),
        "outcome_updated": _("Đã cập nhật hoạt động"),
        "outcome_unchanged": _("Hoạt động đã có, không thay đổi"),
        "outcome_conflict": _("Xung đột"),
        "outcome_review": _("Cần xem lại"),
        # The form.
        "required": _("Cần điền mục này."),
        "bad_date": _("Ngày không hợp lệ: hãy ghi theo dạng dd/mm/yyyy."),
        "end_before_start": _("Ngày kết thúc phải từ ngày bắt đầu trở đi."),
        "too_long": _("Dài quá {n} ký tự."),
        "form_invalid": _("Bản ghi chưa được lưu: hãy sửa các mục được đánh dấu."),
        "saved": _("Đã lưu vào máy. Bản ghi sẽ được gửi khi có mạng."),
        "save_failed": _("Không lưu được vào máy: {detail}"),
        "storage_full": _("Bộ nhớ của trình duyệt trên máy này đã đầy: hãy gửi các bản ghi đang chờ hoặc bớt tệp."),
        "editing_outbox": _("Bạn đang sửa một bản ghi chưa gửi."),
        "editing_sent": _("Bạn đang sửa một hoạt động đã gửi: khi lưu, bản sửa sẽ được gửi để cập nhật hoạt động đó."),
        "none": _("—"),
        # Evidence files.
        "reducing": _("Đang thu nhỏ ảnh…"),
        "file_too_large": _("Tệp “{name}” lớn hơn {mb} MB nên không được nhận."),
        "file_type": _(
            "Tệp “{name}” không thuộc loại được nhận (ảnh, PDF, Word .docx, Excel .xlsx, PowerPoint .pptx)."
        ),
        "photo_kept": _("Không thu nhỏ được ảnh “{name}”: ảnh được giữ nguyên."),
        "photo_unreadable": _("Trình duyệt không đọc được ảnh “{name}”."),
        "file_sent": _("đã gửi"),
        "file_remove": _("Bỏ tệp"),
        "files_count": _("{n} tệp"),
        # The lists.
        "edit": _("Sửa"),
        "delete": _("Xóa"),
        "delete_confirm": _("Xóa bản ghi này khỏi máy? Bản ghi chưa được gửi sẽ mất hẳn."),
        "draft": _("Nháp"),
        "saved_at": _("lưu lúc {time}"),
        "sent_at": _("gửi lúc {time}"),
        "view_activity": _("Xem hoạt động"),
        "open_review": _("Mở trang xử lý"),
        "dismiss": _("Bỏ khỏi danh sách"),
        "dismiss_confirm": _(
            "Bỏ bản ghi này khỏi danh sách trên máy? Máy chủ vẫn giữ nó ở trang “Cần xem lại” cho đến khi được xử lý."
        ),
    }
