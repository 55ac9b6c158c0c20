from django.http import HttpResponse


def home(request):
    return HttpResponse("Readouts")


event_list = event_detail = statement_list = statement_detail = home


def actor_detail(request, slug):
    return home(request)


topic_detail = actor_detail
