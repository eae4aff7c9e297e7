"""Every UI label in English and Chinese, in one table, and the current language.

Option, group and vehicle names come from the catalog (``Text``); everything the
app itself says lives here. Widgets call ``tr(key)`` when they (re)label
themselves; ``Language.changed`` tells them when to do it again. Plain Python: the
Qt side connects a callback.
"""

from __future__ import annotations

from collections.abc import Callable

from livery.catalog.price import format_price as format_price  # where the UI imports it

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
    "menu.recent_vehicles": ("Recent vehicle files", "最近的车辆文件"),
    "menu.vehicle": ("Ve&hicle", "车辆(&H)"),
    "action.map_slots": ("Map parts to slots…", "部件与槽位映射…"),
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
    "camera.badge": ("Badge", "车标"),
    "camera.seat": ("Seats", "座椅"),
    "panel.no_part": (
        "This vehicle has no {group}: these options have nothing to show on.",
        "此车辆没有{group}部件，这些选项无处显示。",
    ),
    "tile.custom": ("Bespoke", "定制"),
    "tile.custom_tip": ("Part of the bespoke programme", "属于个性化定制计划"),
    "tile.included": ("Included", "标配"),
    "tile.unavailable": ("Unavailable", "不可选"),
    "finder.search": ("Search {group}: name or code", "搜索{group}：名称或编号"),
    "finder.none": (
        "Nothing matches. Clear the search to see all.",
        "没有匹配项。清除搜索以查看全部。",
    ),
    "finder.all": ("All", "全部"),
    "finder.red": ("Red", "红"),
    "finder.orange": ("Orange", "橙"),
    "finder.yellow": ("Yellow", "黄"),
    "finder.green": ("Green", "绿"),
    "finder.blue": ("Blue", "蓝"),
    "finder.purple": ("Purple", "紫"),
    "finder.pink": ("Pink", "粉"),
    "finder.neutral": ("Black, white, grey", "黑白灰"),
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
    "action.build_sheet": ("Print build sheet…", "打印配置单…"),
    "action.render_set": ("Render set…", "批量渲染…"),
    "renderset.title": ("Render set", "批量渲染"),
    "renderset.vary": ("Every option of", "遍历选项"),
    "renderset.cameras": ("Views", "视角"),
    "renderset.size": ("Size", "尺寸"),
    "renderset.folder": ("Folder", "文件夹"),
    "renderset.start": ("Render", "开始渲染"),
    "renderset.cancel": ("Cancel", "取消"),
    "renderset.count": ("{builds} build(s), {images} image(s)", "{builds} 个配置，{images} 张图片"),
    "renderset.running": ("Rendering in the background…", "正在后台渲染…"),
    "renderset.cancelled": (
        "Cancelled: the finished images stay; rendering again renders only the rest.",
        "已取消：已完成的图片保留，再次渲染只会补齐其余部分。",
    ),
    "renderset.done": ("Done: {path}", "完成：{path}"),
    "renderset.failed": ("The render set failed: {detail}", "批量渲染失败：{detail}"),
    "renderset.no_camera": ("Choose at least one view.", "请至少选择一个视角。"),
    "action.share_link": ("Share link for QR codes…", "二维码分享链接…"),
    "dialog.share_link": (
        "The centre's share link, with {code} where the share code goes.\n"
        "Empty: QR codes hold the share code itself.",
        "本中心的分享链接，用 {code} 表示分享码的位置。\n留空：二维码只包含分享码。",
    ),
    "filter.sheet": ("Build sheets (*.pdf *.png)", "配置单 (*.pdf *.png)"),
    "msg.sheet_saved": ("Build sheet written to {path}", "配置单已保存至 {path}"),
    "msg.bad_sheet": ("The build sheet could not be made.", "无法生成配置单。"),
    "msg.bad_link": ("That share link cannot be used.", "该分享链接无法使用。"),
    "msg.surprise": ("A surprise build, just for you.", "为您开启一个惊喜配置。"),
    "msg.undo_empty": ("Nothing to undo.", "没有可撤销的操作。"),
    "msg.bad_manifest_save": ("The slot mapping could not be saved.", "无法保存槽位映射。"),
    "msg.loading": ("Loading {path}…", "正在载入 {path}…"),
    "msg.vehicle_loaded": (
        "Loaded {path}: {parts} parts, {triangles} triangles ({seconds:.1f} s)",
        "已载入 {path}：{parts} 个部件，{triangles} 个三角形（{seconds:.1f} 秒）",
    ),
    "msg.vehicle_warnings": ("{count} warning(s): {first}", "{count} 条警告：{first}"),
    "msg.manifest_saved": ("Saved the slot mapping to {path}", "槽位映射已保存至 {path}"),
    "action.cancel": ("Cancel", "取消"),
    "mapping.title": ("Map parts to slots — {name}", "部件与槽位映射 — {name}"),
    "mapping.hint": (
        "Click a part in the 3D view to select its row. Save writes {path} and reloads the "
        "vehicle.",
        "在三维视图中点击部件即可选中对应行。保存将写入 {path} 并重新载入车辆。",
    ),
    "mapping.part": ("Part", "部件"),
    "mapping.triangles": ("Triangles", "三角形"),
    "mapping.material": ("Material", "材质"),
    "mapping.slot": ("Slot", "槽位"),
    "mapping.source": ("From", "来源"),
    "mapping.keep": ("Keep own material", "保留自身材质"),
    "mapping.source.manifest": ("manifest", "清单"),
    "mapping.source.name": ("name", "名称"),
    "mapping.source.geometry": ("geometry", "几何"),
    "mapping.source.unmapped": ("—", "—"),
    "mapping.source.user": ("you", "手动"),
    "mapping.save": ("Save", "保存"),
    "slot.body": ("Body (paint)", "车身（车漆）"),
    "slot.glass": ("Glass", "玻璃"),
    "slot.rims": ("Rims", "轮毂"),
    "slot.tyres": ("Tyres", "轮胎"),
    "slot.discs": ("Brake discs", "刹车盘"),
    "slot.calipers": ("Brake calipers", "制动卡钳"),
    "slot.decal": ("Decal", "拉花"),
    "slot.badge": ("Badge", "车标"),
    "slot.badge-inlay": ("Badge inlay", "车标镶嵌"),
    "slot.upholstery": ("Upholstery", "座椅面料"),
    "slot.interior-trim": ("Interior trim", "内饰饰条"),
    "slot.interior": ("Interior", "内饰"),
    "slot.lights": ("Head lights", "前大灯"),
    "slot.tail-lights": ("Tail lights", "尾灯"),
    "slot.trim": ("Exterior trim", "外饰件"),
    "msg.loaded_code": ("Build {code} loaded.", "已载入配置 {code}。"),
    "dialog.size": ("Screenshot size", "截图尺寸"),
    "dialog.width": ("Width", "宽度"),
    "dialog.height": ("Height", "高度"),
    "filter.build": (
        "Livery builds and pictures (*.json *.png)",
        "Livery 配置和图片 (*.json *.png)",
    ),
    "filter.png": ("PNG images (*.png)", "PNG 图像 (*.png)"),
    "filter.vehicle": (
        "3D models (*.glb *.gltf *.obj *.stl *.ply *.off)",
        "三维模型 (*.glb *.gltf *.obj *.stl *.ply *.off)",
    ),
    "presentation.hint": ("Touch to explore", "触摸以探索"),
    "presentation.exit": ("Exit", "退出"),
    # designer tools: lighting, paint editor, A/B comparison, export
    "menu.tools": ("&Tools", "工具(&T)"),
    "action.lighting": ("Lighting", "光照"),
    "action.paint_editor": ("Paint editor", "车漆编辑器"),
    "action.compare": ("Compare A/B", "A/B 对比"),
    "action.export_image": ("Export image…", "导出图像…"),
    "lighting.title": ("Lighting", "光照"),
    "lighting.environment": ("Environment", "环境"),
    "lighting.tone": ("Tone mapping", "色调映射"),
    "lighting.exposure": ("Exposure", "曝光"),
    "lighting.open_hdr": ("Open HDR/EXR…", "打开 HDR/EXR…"),
    "lighting.reset": ("Reset", "重置"),
    "lighting.hint": (
        "Environments are prefiltered once; switching back is instant.",
        "每个环境只预滤波一次，切换回来即时生效。",
    ),
    "env.studio": ("Studio", "影棚"),
    "env.showroom": ("Showroom", "展厅"),
    "env.overcast": ("Overcast", "阴天"),
    "env.sunset": ("Sunset", "日落"),
    "env.night": ("Night", "夜晚"),
    "tone.neutral": ("Neutral (PBR)", "中性 (PBR)"),
    "tone.aces": ("ACES filmic", "ACES 电影"),
    "tone.off": ("Off", "关闭"),
    "filter.hdr": ("HDR environments (*.hdr *.exr)", "HDR 环境 (*.hdr *.exr)"),
    "msg.bad_environment": ("That environment can't be used.", "无法使用该环境。"),
    "editor.title": ("Paint editor", "车漆编辑器"),
    "editor.based_on": ("Candidate based on {name}", "基于 {name} 的候选车漆"),
    "editor.catalog": ("Catalog paint: {name}", "目录车漆：{name}"),
    "editor.candidate": ("Candidate", "候选"),
    "editor.colour": ("Colour", "颜色"),
    "editor.colour_hint": (
        "sRGB hex (#1d5a4b) or CIELAB L, a, b",
        "sRGB 十六进制 (#1d5a4b) 或 CIELAB L, a, b",
    ),
    "editor.family": ("Family", "类型"),
    "editor.section.colour": ("Colour", "颜色"),
    "editor.section.base": ("Base layer", "底色层"),
    "editor.section.coat": ("Clear coat", "清漆层"),
    "editor.section.flakes": ("Flakes", "金属颗粒"),
    "editor.section.pearl": ("Pearl", "珠光"),
    "editor.section.other": ("Other", "其他"),
    "editor.auto": ("auto", "自动"),
    "editor.locked": (
        "Fixed: this part's shader was built without it.",
        "固定：此部件的着色器未包含该效果。",
    ),
    "editor.range": ("Range {lo} – {hi}", "范围 {lo} – {hi}"),
    "editor.bad_colour": ("Not a colour: {detail}", "无效颜色：{detail}"),
    "editor.revert": ("Revert to catalog", "恢复目录车漆"),
    "editor.save": ("Save as paint…", "另存为车漆…"),
    "save.title": ("Save as paint", "另存为车漆"),
    "save.name_en": ("Name (English)", "名称（英文）"),
    "save.name_zh": ("Name (Chinese)", "名称（中文）"),
    "save.id": ("Id", "标识"),
    "save.code": ("Share-code number", "分享码编号"),
    "save.price": ("Price", "价格"),
    "save.custom": ("Bespoke programme", "个性化定制计划"),
    "save.file": ("File", "文件"),
    "save.browse": ("Browse…", "浏览…"),
    "save.save": ("Save", "保存"),
    "save.checked": (
        "Checked against the catalog before writing.",
        "写入前已通过目录校验。",
    ),
    "msg.paint_saved": (
        "Saved paint {name} to {path}; it is in the paint options now.",
        "车漆 {name} 已保存至 {path}，现已加入车漆选项。",
    ),
    "msg.paint_saved_outside": (
        "Saved paint {name} to {path}: outside the catalog's options folder, so it is not "
        "in the catalog.",
        "车漆 {name} 已保存至 {path}：该位置不在目录的 options 文件夹内，因此未加入目录。",
    ),
    "msg.bad_catalog": ("The catalog could not be reloaded.", "无法重新载入目录。"),
    "filter.toml": ("Catalog option files (*.toml)", "目录选项文件 (*.toml)"),
    "param.metallic": ("Metallic", "金属度"),
    "param.roughness": ("Roughness", "粗糙度"),
    "param.coat": ("Coat strength", "清漆强度"),
    "param.coat_roughness": ("Coat roughness", "清漆粗糙度"),
    "param.flake_density": ("Flake density", "颗粒密度"),
    "param.flake_size": ("Flake size (mm)", "颗粒尺寸 (mm)"),
    "param.flake_brightness": ("Flake brightness", "颗粒亮度"),
    "param.orange_peel": ("Orange peel", "橘皮强度"),
    "param.orange_peel_scale": ("Orange peel scale (mm)", "橘皮尺度 (mm)"),
    "param.sheen": ("Sheen", "光泽绒感"),
    "param.anisotropy": ("Anisotropy", "各向异性"),
    "param.opacity": ("Opacity", "不透明度"),
    "param.emission": ("Emission", "自发光"),
    "param.texture_scale": ("Texture scale", "纹理尺度"),
    "param.flake_color": ("Flake colour", "颗粒颜色"),
    "param.flop_color": ("Flop colour", "侧视颜色"),
    "family.solid": ("Solid", "素色漆"),
    "family.metallic": ("Metallic", "金属漆"),
    "family.pearl": ("Pearl", "珠光漆"),
    "family.matte": ("Matte", "哑光漆"),
    "family.satin": ("Satin", "缎面漆"),
    "family.ceramic": ("Ceramic", "陶瓷漆"),
    "family.gold": ("24K gold", "24K 金"),
    "family.chrome": ("Chrome", "镀铬"),
    "compare.title": ("Compare A/B", "A/B 对比"),
    "compare.a": ("A · current build", "A · 当前配置"),
    "compare.b": ("B · paint", "B · 车漆"),
    "compare.candidate": ("Candidate (paint editor)", "候选车漆（编辑器）"),
    "compare.delta_e": ("ΔE2000 {value}", "ΔE2000 {value}"),
    "compare.not_allowed": ("B can't use that paint: {reason}", "B 无法使用该车漆：{reason}"),
    "export.title": ("Export image", "导出图像"),
    "export.size": ("Size", "尺寸"),
    "export.window": ("Window ({w} × {h})", "窗口 ({w} × {h})"),
    "export.fullhd": ("Full HD 1920 × 1080", "全高清 1920 × 1080"),
    "export.uhd": ("4K UHD 3840 × 2160", "4K 超高清 3840 × 2160"),
    "export.custom": ("Custom", "自定义"),
    "export.quality": ("Edges", "边缘质量"),
    "export.ss1": ("Standard", "标准"),
    "export.ss2": ("Smooth (2× supersampling)", "平滑（2× 超采样）"),
    "export.lighting": ("Lighting", "光照"),
    "export.export": ("Export", "导出"),
    "export.step.prepare": ("Preparing the offscreen stage…", "正在准备离屏场景…"),
    "export.step.light": ("Lighting the scene…", "正在布置光照…"),
    "export.step.render": ("Rendering {w} × {h}…", "正在渲染 {w} × {h}…"),
    "export.step.write": ("Writing the PNG…", "正在写入 PNG…"),
    "export.step.done": ("Done", "完成"),
    "msg.exported": ("Exported {w} × {h} to {path}", "已导出 {w} × {h} 至 {path}"),
    "msg.bad_export": ("The image could not be exported.", "无法导出图像。"),
    "menu.help": ("&Help", "帮助(&H)"),
    "action.about": ("About Livery Studio", "关于 Livery Studio"),
    "about.version": ("Version {version}", "版本 {version}"),
    "about.catalog": ("Catalog {version}", "目录 {version}"),
    "about.runtime": ("Running on", "运行环境"),
    "about.components": ("Built with", "使用的组件"),
    "about.models": ("Test models (not shipped)", "测试模型（不随软件发布）"),
    "about.close": ("Close", "关闭"),
    # vehicle files (issue 10): the frame decisions, the slot-mapping panel
    "msg.vehicle_frame": (
        "read as {unit}, nose {forward}, {length:.2f} m: see Vehicle > Map parts to slots / "
        "livery inspect",
        "按 {unit} 读取，车头 {forward}，{length:.2f} 米：见 车辆 > 部件与槽位映射 / "
        "livery inspect",
    ),
    "msg.unit_scaled": ("an unknown unit (scaled ×{scale:.3g})", "未知单位（缩放 ×{scale:.3g}）"),
    "mapping.filter": ("Filter parts by name or material…", "按名称或材质筛选部件…"),
    "mapping.group": ("{material} ({count} parts)", "{material}（{count} 个部件）"),
    "mapping.mixed": ("(mixed)", "（混合）"),
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
