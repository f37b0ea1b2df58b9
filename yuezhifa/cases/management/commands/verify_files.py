from django.core.management.base import BaseCommand, CommandError

from yuezhifa.cases.integrity import verify_files


class Command(BaseCommand):
    help = ("重新计算每个证据文件和已出具文书的 SHA-256，与登记的摘要比对：全部一致时输出 OK 并以 0 退出；"
            "否则逐一列出不符、缺失或无法读取的文件及其案号并以非 0 退出。文件按块流式读取，每 10 秒报告一次进度。")

    def handle(self, *args, **options):
        def progress(report):
            self.stderr.write(f"已校验 {report.files} 个文件（{report.bytes / 1048576:.1f} MiB），"
                              f"发现 {len(report.problems)} 个问题……")

        report = verify_files(progress=progress)
        if not report.ok:
            for problem in report.problems:
                self.stderr.write(problem.message)
            raise CommandError(report.message)
        self.stdout.write(report.message)
