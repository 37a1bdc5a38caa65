from django.apps import AppConfig


class UploadJobsConfig(AppConfig):
    name = "cspr.uploadjobs"
    label = "uploadjobs"
    verbose_name = "Uploads read in the task worker"
