from django.contrib.auth.views import LoginView


class LoaLoginView(LoginView):
    redirect_authenticated_user = True
