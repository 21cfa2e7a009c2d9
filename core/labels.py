"""Names of petition kinds and categories, (Vietnamese, English): one table for the assistant's
answers, the officials' desk and the departments' notifications."""

from __future__ import annotations

PETITION_KINDS: dict[str, tuple[str, str]] = {
    "phan_anh": ("Phản ánh", "Report"),
    "kien_nghi": ("Kiến nghị", "Proposal"),
    "khieu_nai": ("Khiếu nại", "Complaint"),
    "to_cao": ("Tố cáo", "Denunciation"),
}
CATEGORIES: dict[str, tuple[str, str]] = {
    "giao_thong": ("Giao thông, đường sá", "Roads, traffic"),
    "chieu_sang": ("Đèn chiếu sáng", "Street lights"),
    "moi_truong": ("Môi trường, rác, ngập", "Environment, waste, flooding"),
    "trat_tu": ("Trật tự, tiếng ồn, lấn chiếm", "Public order, noise"),
    "xay_dung": ("Xây dựng", "Construction"),
    "dat_dai": ("Đất đai", "Land"),
    "y_te": ("Y tế", "Health"),
    "giao_duc": ("Giáo dục, trường học", "Education, schools"),
    "can_bo": ("Cán bộ, công chức", "An official's conduct"),
    "khac": ("Khác", "Other"),
}
