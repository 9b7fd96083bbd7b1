import math

from axes.helpers import get_cool_off
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.models import Group
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import render, resolve_url
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.generic import CreateView, FormView, TemplateView, UpdateView

from .forms import DeleteAccountForm, EmailForm, SignupForm
from .roles import READERS


def safe_next_url(request, default="questions:home"):
    """Where `?next=` points, if it stays on this site; the default otherwise."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(default)


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    """Log out on POST; on GET, ask first (a link must not log anyone out)."""

    http_method_names = ["get", "post", "options"]

    def get(self, request, *args, **kwargs):
        return TemplateView.as_view(template_name="accounts/logout_confirm.html")(request)

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.info(request, _("You are logged out."))
        return response


class SignupView(CreateView):
    form_class = SignupForm
    template_name = "accounts/signup.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            return HttpResponseRedirect(safe_next_url(request))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(next=safe_next_url(self.request), **kwargs)

    @transaction.atomic
    def form_valid(self, form):
        user = form.save()
        user.groups.add(Group.objects.get(name=READERS))
        login(self.request, user, backend="django.contrib.auth.backends.ModelBackend")
        # Saved in the transaction, not on the way out: if the database cannot store
        # the signed-in session (a full disk), the account is refused with it.
        self.request.session.save()
        return HttpResponseRedirect(safe_next_url(self.request))


def locked_out(request, original_response=None, credentials=None):
    """Answer a login that django-axes refused: 429, and when to try again."""
    cool_off = get_cool_off(request)
    response = render(
        request,
        "accounts/locked_out.html",
        {"cool_off_minutes": math.ceil(cool_off.total_seconds() / 60)},
        status=429,
    )
    response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response


class EmailView(LoginRequiredMixin, UpdateView):
    """Add, change or remove the signed-in person's email address."""

    form_class = EmailForm
    template_name = "accounts/email_form.html"
    success_url = reverse_lazy("accounts:email")

    def get_object(self, queryset=None):
        return self.request.user

    def form_valid(self, form):
        messages.success(self.request, _("Your email address is saved."))
        return super().form_valid(form)


class DeleteAccountView(LoginRequiredMixin, FormView):
    """A reader deletes their account, and with it their bookmarks, progress and notes.

    Staff accounts hold the editorial history's names: an administrator removes them.
    """

    form_class = DeleteAccountForm
    template_name = "accounts/delete_account.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.user.is_staff:
            return render(request, "accounts/delete_account.html", {"staff": True}, status=403)
        return super().dispatch(request, *args, **kwargs)

    @transaction.atomic
    def form_valid(self, form):
        user = self.request.user
        logout(self.request)
        user.delete()
        messages.info(self.request, _("Your account and everything you kept with it are deleted."))
        return HttpResponseRedirect(resolve_url("questions:home"))
