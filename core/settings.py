"""The one typed settings object, read from the environment (and `.env`) once per process."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    # where the embedded default keeps its files (SQLite databases, uploaded files)
    data_dir: Path = PROJECT_ROOT / "data"
    # SQLAlchemy async URL; empty means a SQLite file under data_dir
    database_url: str = ""

    gateway_host: str = "127.0.0.1"
    gateway_port: int = 8080
    # false: this gateway only stores and acknowledges; a process with it true (e.g. the
    # cluster's `workers`) handles the inbox, outbox, attachments and the scheduled jobs
    run_workers: bool = True
    # the address citizens' platforms reach the gateway at (webhooks), e.g. https://bot.example.gov.vn
    public_base_url: str = ""
    rasa_url: str = "http://127.0.0.1:5005"
    action_server_url: str = "http://127.0.0.1:5055"
    rasa_timeout_seconds: float = 20.0

    # largest request body a webhook or the web chat accepts
    max_body_bytes: int = 1024 * 1024
    # messages one sender may send per minute before the gateway stops passing them on
    sender_rate_per_minute: int = 30
    # e.g. redis://127.0.0.1:6379/0: the flood limits are then shared by every gateway
    redis_url: str = ""
    # outbound delivery attempts before a message is dead-lettered
    outbox_max_attempts: int = 8
    # citizens' photos and documents; empty means data_dir/attachments
    attachments_dir: Path | None = None
    # an S3-compatible object store instead of the folder, shared by gateways on several
    # machines: the bucket (set it to use one), its endpoint (empty: AWS), region and keys
    attachments_s3_bucket: str = ""
    attachments_s3_endpoint_url: str = ""
    attachments_s3_region: str = "us-east-1"
    attachments_s3_access_key: SecretStr | None = None
    attachments_s3_secret_key: SecretStr | None = None
    # larger files are refused with a message to the citizen (Telegram's bots fetch up to 20 MB)
    max_image_bytes: int = 10 * 1024 * 1024
    max_document_bytes: int = 20 * 1024 * 1024
    attachment_max_attempts: int = 6

    telegram_bot_token: SecretStr | None = None
    telegram_webhook_secret: SecretStr | None = None
    telegram_api_base_url: str = "https://api.telegram.org"
    telegram_mode: str = Field(default="webhook", pattern="^(webhook|polling)$")

    zalo_app_id: str = ""
    zalo_app_secret: SecretStr | None = None
    zalo_oa_secret_key: SecretStr | None = None
    zalo_access_token: SecretStr | None = None
    zalo_refresh_token: SecretStr | None = None
    zalo_api_base_url: str = "https://openapi.zalo.me"
    zalo_oauth_base_url: str = "https://oauth.zaloapp.com"

    # set: /metrics answers only `Authorization: Bearer <token>` (a cluster's gateways are
    # public behind the balancer, and the metrics tell who is busy when)
    metrics_token: SecretStr | None = None

    # signs the officials' desk session cookies; unset, each process draws a random key (and
    # every sign-in ends when it restarts, and several gateways cannot share sessions)
    desk_secret_key: SecretStr | None = None

    # where `python -m desk` listens when the desk runs in its own process
    desk_host: str = "127.0.0.1"
    desk_port: int = 8081
    province_name: str = "Tỉnh Phú Thọ"
    # the map tiles behind the desk's map ({z}/{x}/{y}); empty: markers on a blank background
    # (offline, or where no tile server may be used)
    desk_map_tiles: str = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    desk_map_attribution: str = "© OpenStreetMap contributors"
    # a catalogue entry not checked against its sources for this long is flagged on the desk
    catalogue_review_days: int = 180
    # a new report is offered an open one of the same kind and category as its duplicate when
    # both have GPS points this close, or else the same commune and words this alike (0–100),
    # filed within this many days
    duplicate_distance_meters: float = 150.0
    duplicate_min_similarity: int = 60
    duplicate_window_days: int = 30
    # a commune and category receiving today this many times its usual daily count, and at
    # least this many, is a surge: the unit's Telegram group is told once that day
    surge_multiple: float = 3.0
    surge_min_count: int = 5
    # Open311 GeoReport v2: the jurisdiction this server answers for (empty: any or none), and
    # whether what citizens wrote may be shown to other citizens and public lists (names and
    # phones never are)
    open311_jurisdiction_id: str = ""
    public_descriptions: bool = False
    # password given to the example deployment's demo accounts when they are first created
    seed_official_password: SecretStr = SecretStr("doimatkhau-ngay")
    log_level: str = "INFO"

    @model_validator(mode="after")
    def _zalo_needs_its_keys(self) -> Settings:
        if self.zalo_access_token is not None and self.zalo_oa_secret_key is None:
            raise ValueError("ZALO_OA_SECRET_KEY must be set when ZALO_ACCESS_TOKEN is set")
        if (
            self.telegram_bot_token is not None
            and self.telegram_mode == "webhook"
            and self.telegram_webhook_secret is None
        ):
            raise ValueError(
                "TELEGRAM_WEBHOOK_SECRET must be set when TELEGRAM_BOT_TOKEN is set in webhook mode"
            )
        return self

    @property
    def effective_attachments_dir(self) -> Path:
        return self.attachments_dir or self.data_dir / "attachments"

    @property
    def effective_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite+aiosqlite:///{self.data_dir / 'assistant.db'}"

    @property
    def telegram_enabled(self) -> bool:
        return self.telegram_bot_token is not None

    @property
    def zalo_enabled(self) -> bool:
        return self.zalo_access_token is not None


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
