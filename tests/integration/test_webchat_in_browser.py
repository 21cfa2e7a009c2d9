"""A citizen opens the web chat in a real browser (headless Chromium): the greeting and the
starting buttons are there before they type; typed answers move the petition form on; the
place question shows a share-location button that sends the browser's position, and the phone
question a phone button."""

from __future__ import annotations

import asyncio

from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

from tests.integration.browser import WAIT_SECONDS, wait_for
from tests.servers import Stack

# Việt Trì, where the browser says the citizen is
LATITUDE, LONGITUDE = 21.32274, 105.40198


def _bot_says(driver: WebDriver, words: str) -> None:
    WebDriverWait(driver, WAIT_SECONDS).until(
        lambda d: any(words in b.text for b in d.find_elements(By.CSS_SELECTOR, ".msg.bot")),
        message=f"the assistant never said {words!r}",
    )


def _bot_says_one_of(driver: WebDriver, *choices: str) -> str:
    """Waits until the assistant says one of `choices`; returns it."""

    def said(d: WebDriver) -> str | None:
        texts = [b.text for b in d.find_elements(By.CSS_SELECTOR, ".msg.bot")]
        return next((c for c in choices if any(c in t for t in texts)), None)

    found: str = WebDriverWait(driver, WAIT_SECONDS).until(
        said, message=f"the assistant said none of {choices!r}"
    )
    return found


def _button(driver: WebDriver, title: str) -> None:
    WebDriverWait(driver, WAIT_SECONDS).until(
        lambda d: any(title in b.text for b in d.find_elements(By.CSS_SELECTOR, ".buttons button")),
        message=f"no button {title!r}",
    )


def _type(driver: WebDriver, text: str) -> None:
    box = driver.find_element(By.ID, "text")
    box.send_keys(text)
    driver.find_element(By.CSS_SELECTOR, "#composer [type=submit]").click()


def _click(driver: WebDriver, title: str) -> None:
    for button in driver.find_elements(By.CSS_SELECTOR, ".buttons button"):
        if title in button.text:
            button.click()
            return
    raise AssertionError(f"no button {title!r} to click")


async def test_a_new_visitor_is_greeted_and_can_share_a_location_and_a_phone(
    stack: Stack, browser: WebDriver
) -> None:
    def visit() -> None:
        browser.execute_cdp_cmd(
            "Browser.grantPermissions",
            {"origin": stack.gateway_url, "permissions": ["geolocation"]},
        )
        browser.execute_cdp_cmd(
            "Emulation.setGeolocationOverride",
            {"latitude": LATITUDE, "longitude": LONGITUDE, "accuracy": 10},
        )
        browser.get(f"{stack.gateway_url}/")
        wait_for(browser, "#log")
        _bot_says(browser, "Xin chào")
        _button(browser, "Gửi phản ánh, kiến nghị")
        # the greeting was asked for silently: no citizen bubble shows "/greet"
        assert not [b for b in browser.find_elements(By.CSS_SELECTOR, ".msg.user") if b.text]
        _type(browser, "Cho tôi gửi phản ánh")
        _bot_says(browser, "mô tả sự việc")
        _type(browser, "Đèn đường ngõ 7 phố Hùng Vương tắt cả tuần nay, tối đi lại rất nguy hiểm")
        _bot_says(browser, "Sự việc ở đâu")
        _button(browser, "Gửi vị trí của tôi")
        _click(browser, "Gửi vị trí của tôi")
        _bot_says(browser, "xã/phường nào")
        _type(browser, "phường Việt Trì")
        if _bot_says_one_of(browser, "ẩn danh", "theo dõi chung") == "theo dõi chung":
            # another test reported a lamp here already: this citizen sends their own
            _type(browser, "không, gửi riêng")
        _bot_says(browser, "ẩn danh")
        _type(browser, "không")
        _bot_says(browser, "họ và tên")
        _type(browser, "Trần Thị Mai")
        _bot_says(browser, "Số điện thoại")
        _button(browser, "Nhập số điện thoại")
        _type(browser, "0912 345 678")
        _bot_says(browser, "Vui lòng kiểm tra lại")
        _bot_says(browser, f"GPS {LATITUDE:.5f}, {LONGITUDE:.5f}")

    await asyncio.to_thread(visit)
