"""Real-shaped Telegram updates and Zalo events, as the platforms document and send them."""

from __future__ import annotations

from typing import Any

CITIZEN_ID = 424242
ZALO_USER = "2512523625412515"
ZALO_OA = "579745863508352884"


def telegram_user(user_id: int = CITIZEN_ID) -> dict[str, Any]:
    return {
        "id": user_id,
        "is_bot": False,
        "first_name": "Lan",
        "last_name": "Nguyễn",
        "language_code": "vi",
    }


def telegram_message(
    update_id: int,
    user_id: int = CITIZEN_ID,
    *,
    kind: str = "message",
    chat_type: str = "private",
    **content: Any,
) -> dict[str, Any]:
    message = {
        "message_id": 100 + update_id,
        "from": telegram_user(user_id),
        "chat": {"id": user_id, "type": chat_type, "first_name": "Lan"},
        "date": 1764230400,
        **content,
    }
    if kind == "edited_message":
        message["edit_date"] = 1764230460
    return {"update_id": update_id, kind: message}


def telegram_text(update_id: int, text: str, user_id: int = CITIZEN_ID) -> dict[str, Any]:
    return telegram_message(update_id, user_id, text=text)


def telegram_photo(update_id: int, caption: str | None = None) -> dict[str, Any]:
    sizes = [
        {
            "file_id": "AgACAgQAAxkBAAIBsmall",
            "file_unique_id": "AQADs",
            "file_size": 1412,
            "width": 90,
            "height": 67,
        },
        {
            "file_id": "AgACAgQAAxkBAAIBmedium",
            "file_unique_id": "AQADm",
            "file_size": 18721,
            "width": 320,
            "height": 240,
        },
        {
            "file_id": "AgACAgQAAxkBAAIBlarge",
            "file_unique_id": "AQADl",
            "file_size": 91234,
            "width": 1280,
            "height": 960,
        },
    ]
    content: dict[str, Any] = {"photo": sizes}
    if caption is not None:
        content["caption"] = caption
    return telegram_message(update_id, **content)


def telegram_location(update_id: int, latitude: float = 19.8067, longitude: float = 105.7852):
    return telegram_message(update_id, location={"latitude": latitude, "longitude": longitude})


def telegram_contact(update_id: int, owner: int = CITIZEN_ID, phone: str = "84912345678"):
    contact = {"phone_number": phone, "first_name": "Lan", "user_id": owner}
    return telegram_message(update_id, contact=contact)


def telegram_callback(update_id: int, data: str, user_id: int = CITIZEN_ID) -> dict[str, Any]:
    return {
        "update_id": update_id,
        "callback_query": {
            "id": f"4382bfdwdsb323b2d9{update_id}",
            "from": telegram_user(user_id),
            "message": {
                "message_id": 77,
                "from": {"id": 1, "is_bot": True, "first_name": "Bot"},
                "chat": {"id": user_id, "type": "private"},
                "date": 1764230400,
                "text": "Bạn cần gì?",
            },
            "chat_instance": "-8801234567890",
            "data": data,
        },
    }


def zalo_message_event(
    event_name: str,
    msg_id: str,
    message: dict[str, Any],
    *,
    user: str = ZALO_USER,
    timestamp: str = "1764230400123",
) -> dict[str, Any]:
    return {
        "app_id": "4321987654",
        "user_id_by_app": "552177279717587730",
        "event_name": event_name,
        "timestamp": timestamp,
        "sender": {"id": user},
        "recipient": {"id": ZALO_OA},
        "message": {"msg_id": msg_id, **message},
    }


def zalo_text(msg_id: str, text: str, **kwargs: Any) -> dict[str, Any]:
    return zalo_message_event("user_send_text", msg_id, {"text": text}, **kwargs)


def zalo_image(msg_id: str, url: str = "https://photo-zmp3.zadn.vn/full/abc.jpg") -> dict[str, Any]:
    attachment = {
        "type": "image",
        "payload": {"thumbnail": "https://photo-zmp3.zadn.vn/thumb/abc.jpg", "url": url},
    }
    return zalo_message_event("user_send_image", msg_id, {"attachments": [attachment]})


def zalo_location(msg_id: str, *, in_attachment: bool = True) -> dict[str, Any]:
    if in_attachment:
        coordinates = {"latitude": "19.8067", "longitude": "105.7852"}
        message = {"attachments": [{"type": "location", "payload": {"coordinates": coordinates}}]}
    else:
        message = {"location": {"latitude": "19.8067", "longitude": "105.7852"}}
    return zalo_message_event("user_send_location", msg_id, message)


def zalo_file(msg_id: str, url: str = "https://f.zalo.me/file/don-de-nghi.pdf") -> dict[str, Any]:
    payload = {
        "url": url,
        "name": "don-de-nghi.pdf",
        "size": "48213",
        "checksum": "9f1c",
        "type": "pdf",
    }
    return zalo_message_event(
        "user_send_file", msg_id, {"attachments": [{"type": "file", "payload": payload}]}
    )


def zalo_follow(timestamp: str = "1764230400999") -> dict[str, Any]:
    return {
        "oa_id": ZALO_OA,
        "follower": {"id": ZALO_USER},
        "user_id_by_app": "552177279717587730",
        "event_name": "follow",
        "source": "oa_profile",
        "app_id": "4321987654",
        "timestamp": timestamp,
    }


def zalo_submit_info(timestamp: str = "1764230401555") -> dict[str, Any]:
    return {
        "app_id": "4321987654",
        "oa_id": ZALO_OA,
        "user_id_by_app": "552177279717587730",
        "event_name": "user_submit_info",
        "timestamp": timestamp,
        "sender": {"id": ZALO_USER},
        "recipient": {"id": ZALO_OA},
        "info": {
            "name": "Nguyễn Thị Lan",
            "phone": "84912345678",
            "address": "12 Lê Lợi",
            "ward": "Điện Biên",
            "district": "Phú Thọ",
            "city": "Phú Thọ",
        },
    }
