"""Every UI label in English and Chinese, in one table, and the current language.

Option, group and vehicle names come from the catalog (``Text``); everything the
app itself says lives here. Widgets call ``tr(key)`` when they (re)label
themselves; ``Language.changed`` tells them when to do it again. Plain Python: the
Qt side connects a callback.
"""

from __future__ import annotations

from collections.abc import Callable

LANGUAGES = ("en", "zh")

#: key -> (English, Chinese). ``{name}``-style fields are filled by ``tr(key, **fields)``.
TABLE: dict[str, tuple[str, str]] = {
    "app.title": ("Livery Studio", "Livery 个性化工作室"),
    "app.tagline": ("Bespoke configurator", "个性化定制"),
    # menus
    "menu.file": ("&File", "文件(&F)"),
    "menu.edit": ("&Edit", "编辑(&E)"),
    "menu.view": ("&View", "视图(&V)"),
    "menu.language": ("&Language", "语言(&L)"),
    "menu.recent": ("Recent builds", "最近的配置"),
    "menu.recent.empty": ("(none)", "（无）"),
    "action.open": ("Open build…", "打开配置…"),
    "action.save": ("Save build…", "保存配置…"),
    "action.open_vehicle": ("Open vehicle file…", "打开车辆文件…"),
    "action.screenshot": ("Screenshot…", "截图…"),
    "action.screenshot_large": ("Screenshot at size…", "按尺寸截图…"),
    "action.quit": ("Quit", "退出"),
    "action.undo": ("Undo", "撤销"),
    "action.redo": ("Redo", "重做"),
    "action.reset": ("Reset to defaults", "恢复默认"),
    "action.surprise": ("Surprise me", "惊喜盲盒"),
    "action.presentation": ("Presentation mode", "展示模式"),
    "action.turntable": ("Turntable", "转台"),
    "action.copy_code": ("Copy", "复制"),
    "action.load_code": ("Load", "载入"),
    "lang.en": ("English", "English"),
    "lang.zh": ("中文", "中文"),
    # panels
    "panel.vehicle": ("Vehicle", "车型"),
    "panel.options": ("Configuration", "配置"),
    "panel.summary": ("Your build", "您的配置"),
    "panel.camera": ("Views", "视角"),
    "camera.front34": ("Front ¾", "前侧"),
    "camera.side": ("Side", "侧面"),
    "camera.rear34": ("Rear ¾", "后侧"),
    "camera.top": ("Top", "俯视"),
    "camera.wheel": ("Wheel", "轮毂"),
    "camera.interior": ("Interior", "内饰"),
    "tile.custom": ("Bespoke", "定制"),
    "tile.custom_tip": ("Part of the bespoke programme", "属于个性化定制计划"),
    "tile.included": ("Included", "标配"),
    "tile.unavailable": ("Unavailable", "不可选"),
    "summary.base": ("Base price", "车型基础价"),
    "summary.total": ("Total", "总价"),
    "summary.code": ("Share code", "分享码"),
    "summary.paste": ("Paste a share code", "粘贴分享码"),
    "summary.copied": ("Share code copied", "分享码已复制"),
    "summary.options": ("Options", "选装"),
    # messages
    "msg.error": ("Livery Studio", "Livery 工作室"),
    "msg.bad_code": ("That share code can't be loaded.", "无法载入该分享码。"),
    "msg.bad_file": ("That build file can't be opened.", "无法打开该配置文件。"),
    "msg.bad_save": ("The build could not be saved.", "无法保存配置。"),
    "msg.bad_vehicle": ("That vehicle could not be loaded.", "无法载入该车辆。"),
    "msg.bad_pick": ("That option can't be chosen.", "无法选择该选项。"),
    "msg.unexpected": (
        "Something went wrong. Your build is unchanged; details were logged.",
        "出现了意外错误。您的配置未受影响，详情已记录在日志中。",
    ),
    "msg.kept": (
        "Your current car and build are unchanged.",
        "当前车辆与配置保持不变。",
    ),
    "msg.dropped": (
        "Not available on the {vehicle}, reset to standard: {groups}.",
        "{vehicle} 不提供，已恢复标配：{groups}。",
    ),
    "msg.saved": ("Saved {path}", "已保存 {path}"),
    "msg.opened": ("Opened {path}", "已打开 {path}"),
    "msg.screenshot": ("Screenshot saved to {path}", "截图已保存至 {path}"),
    "msg.surprise": ("A surprise build, just for you.", "为您开启一个惊喜配置。"),
    "msg.undo_empty": ("Nothing to undo.", "没有可撤销的操作。"),
    "msg.loaded_code": ("Build {code} loaded.", "已载入配置 {code}。"),
    "dialog.size": ("Screenshot size", "截图尺寸"),
    "dialog.width": ("Width", "宽度"),
    "dialog.height": ("Height", "高度"),
    "filter.build": ("Livery builds (*.json)", "Livery 配置 (*.json)"),
    "filter.png": ("PNG images (*.png)", "PNG 图像 (*.png)"),
    "filter.vehicle": ("3D models (*.glb *.gltf *.obj)", "三维模型 (*.glb *.gltf *.obj)"),
    "presentation.hint": ("Touch to explore", "触摸以探索"),
    "presentation.exit": ("Exit", "退出"),
}


class Language:
    """The current UI language; calls listeners when it changes."""

    def __init__(self, lang: str = "en") -> None:
        self._lang = lang if lang in LANGUAGES else "en"
        self._listeners: list[Callable[[str], None]] = []

    @property
    def code(self) -> str:
        return self._lang

    def set(self, lang: str) -> None:
        if lang not in LANGUAGES:
            raise ValueError(f"unknown language {lang!r}; valid: {', '.join(LANGUAGES)}")
        if lang == self._lang:
            return
        self._lang = lang
        for cb in list(self._listeners):
            cb(lang)

    def subscribe(self, callback: Callable[[str], None]) -> None:
        self._listeners.append(callback)

    def unsubscribe(self, callback: Callable[[str], None]) -> None:
        if callback in self._listeners:
            self._listeners.remove(callback)

    def tr(self, key: str, **fields: object) -> str:
        en, zh = TABLE[key]
        text = zh if self._lang == "zh" else en
        return text.format(**fields) if fields else text


def format_price(amount: int, currency: str = "CNY", lang: str = "en") -> str:
    """``¥88,000``; zero reads as "Included"."""
    symbol = {"CNY": "¥", "USD": "$", "EUR": "€"}.get(currency, currency + " ")
    return f"{symbol}{amount:,}"
