# 粤执法 — development, test and demo entry points.
#   make demo   set up, load the demo data and serve the all-in-one system on http://127.0.0.1:8000/
#   make test   set up, lint and run the whole test suite (browser tests included)
# Needs only Python 3.11+ on Debian/Ubuntu; missing system packages are installed with apt-get when run as root.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:
MAKEFLAGS += --no-print-directory

PYTHON    ?= python3
VENV      ?= .venv
BIN       := $(VENV)/bin
YZF       := $(BIN)/yzf
STAMP     := $(VENV)/.yzf-installed
CHROMIUM  ?= /usr/bin/chromium
CJK_FONT  := /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
CJK_SERIF := /usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc
HOST      ?= 127.0.0.1
PORT      ?= 8000
PYTEST_ARGS ?=
# Test processes (pytest-xdist): one per core by default; each worker has its own test database, and a worker that
# runs out of tests takes some from the other's queue (worksteal), so no core idles behind one long test.
PYTEST_WORKERS ?= auto

IS_ROOT := $(shell [ "$$(id -u)" = 0 ] && echo yes)
APT_GET := DEBIAN_FRONTEND=noninteractive apt-get -y -q -o Dpkg::Use-Pty=0
APT_LOG := /tmp/yzf-apt-get.log
# $(call apt_install,PACKAGES): apt-get update, then install, quietly; on failure show the log's end and stop.
apt_install = { $(APT_GET) update && $(APT_GET) install --no-install-recommends $(1); } >$(APT_LOG) 2>&1 \
	|| { tail -n 30 $(APT_LOG) >&2; echo "错误：apt-get install $(1) 失败，完整日志见 $(APT_LOG)。" >&2; exit 1; }

.PHONY: help setup test lint demo bench browser-deps pdf-deps pdf-test-deps clean

help:
	@echo "常用命令："
	@echo "  make demo          安装依赖、载入演示数据并启动一体化系统（http://$(HOST):$(PORT)/）"
	@echo "  make test          安装依赖、代码检查（ruff）并运行全部测试"
	@echo "  make bench         运行 bench/ 下的基准测试（法规导入与条文检索、全文检索、办案、证据存证、公示检索、监督统计、双随机抽取、行政检查频次核对、复制延迟），打印结果与同次运行的基线"
	@echo "  make setup         仅创建 $(VENV) 并安装依赖"
	@echo "  make lint          仅运行 ruff 代码检查"
	@echo "  make browser-deps  安装浏览器测试所需的 chromium 与 fonts-noto-cjk"
	@echo "  make pdf-deps      安装生成 PDF 文书所需的中文字体与 Pango/HarfBuzz 库"
	@echo "  make clean         删除虚拟环境、缓存与 var/ 下的本地数据"

# --- set-up -------------------------------------------------------------------------------------------------
setup: $(STAMP)
	@:

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null || { \
	  echo "错误：需要 Python 3.11 或更高版本（当前 '$(PYTHON)'：$$({ $(PYTHON) --version; } 2>/dev/null || echo 未找到)）。" >&2; \
	  echo "      请安装 Python 3.11+，或以 make PYTHON=python3.11 ... 指定解释器。" >&2; exit 1; }
	@if ! $(PYTHON) -c 'import ensurepip, venv' >/dev/null 2>&1; then \
	  if [ "$(IS_ROOT)" = yes ]; then \
	    echo "==> 安装系统软件包 python3-venv"; \
	    $(call apt_install,python3-venv); \
	  else \
	    echo "错误：'$(PYTHON) -m venv' 不可用，请先安装系统软件包 python3-venv（sudo apt-get install python3-venv）。" >&2; \
	    exit 1; \
	  fi; \
	fi
	@echo "==> 创建虚拟环境 $(VENV)（$$($(PYTHON) --version)）"
	@rm -rf $(VENV)
	@$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml constraints.txt
	@echo "==> 安装依赖（pip install -c constraints.txt -e .[dev]）"
	@$(BIN)/python -m pip install --disable-pip-version-check -c constraints.txt -e '.[dev]' >$(VENV)/pip-install.log 2>&1 \
	  || { tail -n 40 $(VENV)/pip-install.log >&2; echo "错误：依赖安装失败，完整日志见 $(VENV)/pip-install.log。" >&2; exit 1; }
	@touch $@

# --- checks -------------------------------------------------------------------------------------------------
lint: setup
	@echo "==> ruff check ."
	@$(BIN)/ruff check .

test: setup pdf-deps pdf-test-deps browser-deps lint
	@echo "==> pytest（数据库：$(if $(DATABASE_URL),$(firstword $(subst :, ,$(DATABASE_URL))),SQLite)；并行进程：$(PYTEST_WORKERS)）"
	@$(BIN)/pytest -n $(PYTEST_WORKERS) --dist worksteal $(PYTEST_ARGS)

# $(call need_pkgs,TEST,PACKAGES,PURPOSE): when the shell TEST fails, install PACKAGES as root or stop naming them.
need_pkgs = if ! { $(1); }; then \
	  if [ "$(IS_ROOT)" = yes ]; then \
	    echo "==> 安装$(3)所需系统软件包：$(2)"; \
	    $(call apt_install,$(2)); \
	    { $(1); } || { echo "错误：已安装 $(2)，但仍未找到所需文件。" >&2; exit 1; }; \
	  else \
	    echo "错误：$(3)需要系统软件包 $(2)，请以 root 运行或执行：sudo apt-get install $(2)" >&2; \
	    exit 1; \
	  fi; \
	fi

# WeasyPrint (PDF documents) loads Pango and HarfBuzz's subsetter at run time and embeds the Noto CJK fonts.
PDF_LIBS := libpango-1.0.so.0 libpangoft2-1.0.so.0 libharfbuzz-subset.so.0
pdf-deps:
	@$(call need_pkgs,[ -e "$(CJK_FONT)" ] && [ -e "$(CJK_SERIF)" ] $(foreach lib,$(PDF_LIBS),&& /sbin/ldconfig -p | grep -F '$(lib)' >/dev/null),$\
	  fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0,PDF 文书（WeasyPrint）)

# The PDF tests read documents back with poppler (pdffonts, pdftotext, pdftoppm).
pdf-test-deps:
	@$(call need_pkgs,command -v pdffonts >/dev/null && command -v pdftotext >/dev/null && command -v pdftoppm >/dev/null,$\
	  poppler-utils,PDF 文书测试)

browser-deps:
	@$(call need_pkgs,[ -x "$(CHROMIUM)" ] && [ -e "$(CJK_FONT)" ],chromium fonts-noto-cjk,浏览器测试)

# --- benchmarks: each prints its figures next to a baseline measured in the same run ----------------------------
bench: setup pdf-deps
	@echo "==> bench/bench_import_laws.py（全量法规导入、峰值内存、条文检索 对比 原始全文查询）"
	-@$(BIN)/python bench/bench_import_laws.py
	@echo "==> bench/bench_search.py（全文检索引擎 对比 原始全文查询）"
	-@$(BIN)/python bench/bench_search.py
	@echo "==> bench/bench_cases.py（办理行为、案件页、待办列表 对比 同样写入的原始 SQL；PostgreSQL 上 10 万件案件）"
	-@$(BIN)/python bench/bench_cases.py
	@echo "==> bench/bench_merkle.py（证据存证日志：100 万个叶子的追加速率与证明耗时）"
	-@$(BIN)/python bench/bench_merkle.py
	@echo "==> bench/bench_disclosure.py（公示检索 对比 原始全文查询；PostgreSQL 上 100 万条公示结果）"
	-@$(BIN)/python bench/bench_disclosure.py
	@echo "==> bench/bench_dashboard.py（监督统计分析 对比 裸分组计数；PostgreSQL 上 100 万件案件）"
	-@$(BIN)/python bench/bench_dashboard.py
	@echo "==> bench/bench_inspection_caps.py（行政检查频次上限核对 对比 同样计数的手写 SQL；PostgreSQL 上 100 万条检查台账）"
	-@$(BIN)/python bench/bench_inspection_caps.py
	@echo "==> bench/bench_inspection_draw.py（双随机抽取 对比 原始 SQL 读取候选名单后抽样；PostgreSQL 上 100 万个检查对象中抽取 1,000 户）"
	-@$(BIN)/python bench/bench_inspection_draw.py
	@echo "==> bench/bench_replication.py（省市两级部署：持续办案负载下节点到省级的复制延迟 对比 无订阅时同样写入的速率；两个 PostgreSQL 15 集群）"
	-@$(BIN)/python bench/bench_replication.py
	@echo "==> bench/bench_themes_ingest.py（主题库报送：100 万条逐行校验入库 对比 同样的行 PostgreSQL COPY）"
	-@$(BIN)/python bench/bench_themes_ingest.py

# --- the all-in-one system with demo data -------------------------------------------------------------------
demo: setup pdf-deps
	@echo "==> 数据库迁移"
	@$(YZF) migrate --noinput -v 0
	@echo "==> 收集静态文件"
	@$(YZF) collectstatic --noinput -v 0
	@echo "==> 载入演示数据"
	@$(YZF) demo
	@echo "==> 启动服务（Ctrl-C 停止）"
	@exec $(YZF) serve --host $(HOST) --port $(PORT)

# --- housekeeping -------------------------------------------------------------------------------------------
clean:
	@echo "==> 删除 $(VENV)、缓存与 var/ 下的本地数据"
	@rm -rf $(VENV) var .pytest_cache .ruff_cache .hypothesis build dist *.egg-info
	@find . -path ./$(VENV) -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +
